// Runs the unit tests (out/test/unit/*.test.js) under plain Node; writes results to argv[2].
import * as path from 'node:path';
import { runMocha, testFilesIn, writeResults } from './mochaRun';
import { OUT } from '../../testkit/workbench/paths';

void runMocha(testFilesIn(path.join(OUT, 'test', 'unit')), 20_000).then((results) => {
  writeResults(process.argv[2], results);
  process.exit(results.failed.length ? 1 : 0);
});
