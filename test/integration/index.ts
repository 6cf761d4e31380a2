// extensionTestsPath module: loaded by VS Code inside the real extension host. Same contract as
// with @vscode/test-electron: run() resolves when all pass, rejects otherwise. Per-test results
// also go to the file named by SAMPLE_CURATOR_RESULTS for the outer runner's summary.
import { runMocha, testFilesIn, writeResults } from '../harness/mochaRun';

export async function run(): Promise<void> {
  const results = await runMocha(testFilesIn(__dirname), 60_000);
  writeResults(process.env.SAMPLE_CURATOR_RESULTS, results);
  if (results.failed.length) throw new Error(`${results.failed.length} integration tests failed`);
}
