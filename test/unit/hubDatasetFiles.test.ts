// A Hugging Face dataset folder (issue 16): the card's `configs` name the data files, the Hub's
// default is data/, and a store opened on the folder has the shards as its sources.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cardDataFilePatterns, globRegExp, hubDataFiles } from '../../src/core/store/hubDatasetFiles';
import { CurationStore } from '../../src/core/store/curationStore';
import { writeTestParquet } from '../../testkit/parquet/parquetWriting';
import { makeTempDir, removeDir } from './fixtureFiles';

const CARD = `---
license: mit
configs:
- config_name: default
  data_files:
  - split: train
    path: data/train-*
  - split: test
    path: "data/test-*"
- config_name: extra
  data_files: "extra/**/*.parquet"
---
# A dataset
`;

suite('hub dataset folders', () => {
  let dir: string;
  let store: CurationStore | undefined;
  setup(() => {
    dir = makeTempDir('hub-dataset');
  });
  teardown(async () => {
    await store?.close();
    store = undefined;
    removeDir(dir);
  });

  const shard = async (rel: string, first: number, rows: number) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeTestParquet(path.join(dir, rel), [
      { name: 'instruction', data: Array.from({ length: rows }, (_, i) => `Say ${first + i}`), type: 'STRING' },
      { name: 'output', data: Array.from({ length: rows }, (_, i) => `${first + i}`), type: 'STRING' },
    ], { codec: 'ZSTD' });
  };

  test('the card\'s patterns: a list of splits, one string, a list of paths', () => {
    assert.deepEqual(cardDataFilePatterns(CARD), ['data/train-*', 'data/test-*', 'extra/**/*.parquet']);
    assert.deepEqual(cardDataFilePatterns('---\nconfigs:\n- config_name: a\n  data_files:\n  - split: train\n    path: [x/a.parquet, x/b.parquet]\n---\n'), ['x/a.parquet', 'x/b.parquet']);
    assert.equal(cardDataFilePatterns('# no front matter'), undefined);
    assert.equal(cardDataFilePatterns('---\nlicense: mit\n---\n'), undefined);
  });

  test('globs: * and ? stay in one folder, ** crosses folders', () => {
    assert.ok(globRegExp('data/train-*').test('data/train-00000-of-00003.parquet'));
    assert.ok(!globRegExp('data/*').test('data/sub/x.parquet'));
    assert.ok(globRegExp('extra/**/*.parquet').test('extra/x.parquet'));
    assert.ok(globRegExp('extra/**/*.parquet').test('extra/a/b/x.parquet'));
    assert.ok(!globRegExp('data/train-?.parquet').test('data/train-10.parquet'));
    assert.ok(!globRegExp('data/a.b').test('data/aXb'), 'a dot is a dot');
  });

  test('a store on a Hub folder opens the shards the card names, in order, and leaves the rest', async () => {
    fs.writeFileSync(path.join(dir, 'README.md'), CARD);
    await shard('data/train-00000-of-00002.parquet', 0, 3);
    await shard('data/train-00001-of-00002.parquet', 3, 2);
    await shard('data/test-00000-of-00001.parquet', 100, 2);
    await shard('extra/deep/x.parquet', 200, 1);
    await shard('unrelated/y.parquet', 300, 4);
    assert.deepEqual(hubDataFiles(dir).files, ['data/test-00000-of-00001.parquet', 'data/train-00000-of-00002.parquet', 'data/train-00001-of-00002.parquet', 'extra/deep/x.parquet']);
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.deepEqual(store.problems, []);
    assert.equal(store.size, 8);
    assert.deepEqual(Array.from({ length: 8 }, (_, i) => store!.sample(i).row.source), [
      ...Array(2).fill('data/test-00000-of-00001.parquet'), ...Array(3).fill('data/train-00000-of-00002.parquet'),
      ...Array(2).fill('data/train-00001-of-00002.parquet'), 'extra/deep/x.parquet',
    ]);
    assert.equal(store.sample(4).raw, '{"instruction":"Say 2","output":"2"}');
    assert.ok(fs.existsSync(path.join(dir, '.curator', 'index', 'data%2Ftrain-00000-of-00002.parquet.idx')), 'the index of a shard beside the others');
    await store.close();
    // Reopened: the same samples from the saved indexes.
    store = await CurationStore.open(dir, { reviewer: 'ana' });
    assert.equal(store.size, 8);
    assert.equal(store.sample(7).raw, '{"instruction":"Say 200","output":"200"}');
  });

  test('without configs the Hub reads data/; a card whose YAML is broken says so and falls back to it', async () => {
    await shard('data/train.parquet', 0, 2);
    await shard('other/z.parquet', 5, 1);
    assert.deepEqual(hubDataFiles(dir).files, ['data/train.parquet']);
    fs.writeFileSync(path.join(dir, 'README.md'), '---\nconfigs: [\n---\n');
    const found = hubDataFiles(dir);
    assert.deepEqual(found.files, ['data/train.parquet']);
    assert.match(found.problems.join('\n'), /^README\.md: its front matter could not be read as YAML \(.+\); data files are looked for in data\/$/);
  });
});
