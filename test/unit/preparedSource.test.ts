// prepareSource: every supported container and encoding becomes plain UTF-8 JSONL that the line
// index can read, with messages naming the original file and line, and a reusable cache.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { buildLineIndex, hashHex, readLineBytes } from '../../src/core/ingest/lineIndex';
import { originalLine, prepareSource, SOURCE_FILE_PATTERN, type PreparedSource } from '../../src/core/ingest/preparedSource';
import { readRecord } from '../../src/core/ingest/recordReader';
import { writeTestParquet } from '../../testkit/parquet/parquetWriting';
import { formatFixture, makeTempDir, removeDir, sha16 } from './fixtureFiles';

let dir: string;
let cache: string;

setup(() => {
  dir = makeTempDir('prepared-source');
  cache = path.join(dir, 'cache');
});

teardown(() => removeDir(dir));

function write(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

function copyFixture(name: string): string {
  const p = path.join(dir, name);
  fs.copyFileSync(formatFixture(name), p);
  return p;
}

/** The indexed lines of the prepared file as text, with the ORIGINAL line number of each. */
function indexedLines(s: PreparedSource): [number, string][] {
  const index = buildLineIndex(s.jsonlPath);
  const fd = fs.openSync(s.jsonlPath, 'r');
  try {
    return [...index.starts].map((start, i) => [originalLine(s, index.lineNumbers[i]), readLineBytes(fd, start, index.lengths[i]).toString('utf8')]);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads every indexed line the way the store will, naming the original file and line. */
function readAll(s: PreparedSource) {
  return indexedLines(s).map(([line, text]) => readRecord(Buffer.from(text, 'utf8'), { file: s.displayName, line }));
}

function cacheFiles(): string[] {
  return fs.existsSync(cache) ? fs.readdirSync(cache).sort() : [];
}

const GOOD = '{"question":"What is 2 + 3?","answer":"2 + 3 = 5\\n#### 5"}';
const GOOD2 = '{"question":"What is 4 * 4?","answer":"#### 16"}';

suite('preparedSource: plain JSONL', () => {
  test('a UTF-8 .jsonl is used in place: no copy, no cache, no notes', async () => {
    const p = write('a.jsonl', `${GOOD}\n${GOOD2}\n`);
    const s = await prepareSource(p, cache);
    assert.equal(s.jsonlPath, p);
    assert.equal(s.cache, 'none');
    assert.equal(s.encoding, 'utf-8');
    assert.equal(s.container, 'jsonl');
    assert.deepEqual(s.notes, []);
    assert.deepEqual(cacheFiles(), []);
    assert.deepEqual(indexedLines(s), [[1, GOOD], [2, GOOD2]]);
  });

  test('CRLF line endings work: records read, lines counted once per CRLF', async () => {
    const p = write('crlf.jsonl', `${GOOD}\r\n\r\n${GOOD2}\r\n`);
    const s = await prepareSource(p, cache);
    assert.equal(s.jsonlPath, p);
    const reads = readAll(s);
    assert.deepEqual(reads.map((r) => r.ok), [true, true]);
    assert.deepEqual(indexedLines(s).map(([line]) => line), [1, 3]);
  });

  test('an empty file gives a clear note, not an error', async () => {
    const s = await prepareSource(write('empty.jsonl', ''), cache);
    assert.deepEqual(s.notes, [{ code: 'empty-file', message: 'empty.jsonl: the file is empty: there are no samples to review' }]);
    assert.deepEqual(indexedLines(s), []);
  });

  test('displayName names the file in notes', async () => {
    const s = await prepareSource(write('e.json', ''), cache, { displayName: 'data/e.json' });
    assert.equal(s.displayName, 'data/e.json');
    assert.equal(s.notes[0].message, 'data/e.json: the file is empty: there are no samples to review');
  });

  test('a file that does not exist is an error naming it', async () => {
    await assert.rejects(prepareSource(path.join(dir, 'missing.jsonl'), cache), /ENOENT.*missing\.jsonl/);
  });

  test('SOURCE_FILE_PATTERN: jsonl, ndjson and json, optionally gzipped', () => {
    for (const n of ['a.jsonl', 'a.JSONL', 'a.ndjson', 'a.json', 'a.jsonl.gz', 'a.json.gz']) assert.match(n, SOURCE_FILE_PATTERN);
    for (const n of ['a.txt', 'a.jsonl.bak', 'a.gz', 'a.jsonl.zip']) assert.doesNotMatch(n, SOURCE_FILE_PATTERN);
  });
});

suite('preparedSource: encodings', () => {
  test('a UTF-8 BOM is not part of the first record: a copy without it, with a note', async () => {
    const p = write('bom.jsonl', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${GOOD}\n${GOOD2}\n`)]));
    const s = await prepareSource(p, cache);
    assert.notEqual(s.jsonlPath, p);
    assert.equal(s.encoding, 'utf-8-bom');
    assert.deepEqual(s.notes, [{ code: 'utf8-bom', message: 'bom.jsonl: starts with a UTF-8 byte-order mark; it is read without the mark (from a converted copy)' }]);
    assert.deepEqual(indexedLines(s), [[1, GOOD], [2, GOOD2]]);
    assert.equal(hashHex(buildLineIndex(s.jsonlPath), 0), sha16(GOOD));
  });

  for (const [encoding, name] of [['utf-16le', 'UTF-16LE'], ['utf-16be', 'UTF-16BE']] as const) {
    test(`${name} with a BOM and CRLF is transcoded to UTF-8, with a note`, async () => {
      const text = `\uFEFF${GOOD}\r\n{"question":"Ça fait combien ? 😀","answer":"#### 3"}\r\n`;
      const le = Buffer.from(text, 'utf16le');
      const bytes = encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
      const s = await prepareSource(write(`w.${encoding}.jsonl`, bytes), cache);
      assert.equal(s.encoding, encoding);
      assert.deepEqual(s.notes, [{
        code: 'utf16', message: `w.${encoding}.jsonl: is ${name} text; it was converted to UTF-8 in the cache. Save it as UTF-8 to read it in place`,
      }]);
      const reads = readAll(s);
      assert.ok(reads[1].ok);
      assert.deepEqual(reads[1].normalized, { kind: 'qa', question: 'Ça fait combien ? 😀', answer: '#### 3', finalAnswer: '3' });
      assert.deepEqual(indexedLines(s).map(([l]) => l), [1, 2]);
    });
  }

  test('a UTF-16 JSON array inside gzip is gunzipped, transcoded and split', async () => {
    const text = `\uFEFF[\r\n  ${GOOD},\r\n  ${GOOD2}\r\n]`;
    const s = await prepareSource(write('arr.json.gz', gzipSync(Buffer.from(text, 'utf16le'))), cache);
    assert.equal(s.gzip, true);
    assert.equal(s.container, 'json');
    assert.deepEqual(indexedLines(s), [[2, GOOD], [3, GOOD2]]);
  });
});

suite('preparedSource: gzip', () => {
  test('the committed .jsonl.gz fixture is gunzipped into the cache, byte for byte', async () => {
    const p = copyFixture('sharegpt_conversations.jsonl.gz');
    const s = await prepareSource(p, cache);
    assert.equal(s.cache, 'converted');
    assert.equal(s.gzip, true);
    assert.ok(s.jsonlPath.startsWith(cache + path.sep));
    assert.deepEqual(fs.readFileSync(s.jsonlPath), gunzipSync(fs.readFileSync(p)));
    assert.deepEqual(readAll(s).map((r) => r.ok && r.format), ['sharegpt', 'sharegpt', 'sharegpt']);
    assert.deepEqual(s.notes, []);
  });

  test('a second open reuses the cache without converting again', async () => {
    const p = copyFixture('sharegpt_conversations.jsonl.gz');
    const first = await prepareSource(p, cache);
    const before = fs.statSync(first.jsonlPath);
    const again = await prepareSource(p, cache);
    assert.equal(again.cache, 'reused');
    assert.equal(again.jsonlPath, first.jsonlPath);
    assert.equal(fs.statSync(again.jsonlPath).ino, before.ino);
    assert.equal(fs.statSync(again.jsonlPath).mtimeMs, before.mtimeMs);
  });

  test('a changed source is converted again and its old cache entry removed', async () => {
    const p = write('c.jsonl.gz', gzipSync(`${GOOD}\n`));
    const first = await prepareSource(p, cache);
    fs.writeFileSync(p, gzipSync(`${GOOD}\n${GOOD2}\n`));
    const second = await prepareSource(p, cache);
    assert.equal(second.cache, 'converted');
    assert.notEqual(second.jsonlPath, first.jsonlPath);
    assert.equal(fs.existsSync(first.jsonlPath), false);
    assert.deepEqual(indexedLines(second).map(([, t]) => t), [GOOD, GOOD2]);
    assert.equal(cacheFiles().length, 2, cacheFiles().join(', '));
  });

  test('a damaged cache entry (data shorter than recorded) is rebuilt', async () => {
    const p = write('d.jsonl.gz', gzipSync(`${GOOD}\n`));
    const first = await prepareSource(p, cache);
    fs.truncateSync(first.jsonlPath, 5);
    const again = await prepareSource(p, cache);
    assert.equal(again.cache, 'converted');
    assert.deepEqual(indexedLines(again), [[1, GOOD]]);
  });

  test('a truncated .gz keeps everything decompressible before the damage, with a note; the cut line is invalid JSON at its line', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `{"question":"What is ${i} * ${i % 97}?","answer":"#### ${i * (i % 97)}"}\n`).join('');
    const whole = gzipSync(Buffer.from(text));
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const s = await prepareSource(write('t.jsonl.gz', cut), cache);
    // What zlib itself recovers from the cut data, flushing instead of failing.
    const recoverable = gunzipSync(cut, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    assert.deepEqual(fs.readFileSync(s.jsonlPath), recoverable);
    assert.deepEqual(s.notes, [{
      code: 'bad-gzip',
      message: `t.jsonl.gz: the gzip data is damaged after ${recoverable.length} bytes of text (unexpected end of file); the records before that point are kept — re-download or recompress the file`,
    }]);
    const reads = readAll(s);
    const lastLine = recoverable.toString('utf8').split('\n').length;
    assert.ok(reads.length > 1000 && reads.length === lastLine, `${reads.length} records`);
    assert.deepEqual(reads.slice(0, -1).filter((r) => !r.ok), []);
    const last = reads[reads.length - 1];
    assert.ok(!last.ok);
    assert.match(last.message, new RegExp(`^t\\.jsonl\\.gz:${lastLine}: invalid JSON \\(.*\\): the record is cut off before its closing brace; fix the line or remove it$`));
  });

  test('a .gz that is not gzip gives a note saying so and no records', async () => {
    const s = await prepareSource(write('plain.jsonl.gz', `${GOOD}\n`), cache);
    assert.deepEqual(s.notes, [{
      code: 'bad-gzip',
      message: 'plain.jsonl.gz: not readable as gzip (incorrect header check); check that the file really is gzip-compressed, or remove the .gz ending',
    }]);
    assert.deepEqual(indexedLines(s), []);
  });

  test('a gzip of nothing is an empty file', async () => {
    const s = await prepareSource(write('z.jsonl.gz', gzipSync(Buffer.alloc(0))), cache);
    assert.deepEqual(s.notes.map((n) => n.message), ['z.jsonl.gz: the file is empty (after decompression): there are no samples to review']);
  });
});

suite('preparedSource: JSON arrays', () => {
  test('the pretty-printed fixture becomes one record per line, mapped back to where each starts', async () => {
    const p = copyFixture('alpaca_array.json');
    const s = await prepareSource(p, cache);
    assert.equal(s.container, 'json');
    assert.deepEqual([...(s.lineMap ?? [])], [2, 7, 12]);
    const elements = JSON.parse(fs.readFileSync(p, 'utf8')) as unknown[];
    assert.deepEqual(indexedLines(s), elements.map((e, i) => [[2, 7, 12][i], JSON.stringify(e)]));
    assert.deepEqual(readAll(s).map((r) => r.ok && r.format), ['alpaca', 'alpaca', 'alpaca']);
  });

  test('the line map survives reuse of the cache', async () => {
    const p = copyFixture('alpaca_array.json');
    await prepareSource(p, cache);
    const again = await prepareSource(p, cache);
    assert.equal(again.cache, 'reused');
    assert.deepEqual([...(again.lineMap ?? [])], [2, 7, 12]);
    assert.equal(originalLine(again, 3), 12);
  });

  test('a bad element is reported at its line in the original file', async () => {
    const p = write('mixed.json', `[\n  ${GOOD},\n  {"question": "q",\n   "answer": 5 6},\n  {"messages": []}\n]\n`);
    const s = await prepareSource(p, cache);
    const reads = readAll(s);
    assert.equal(reads[0].ok, true);
    assert.ok(!reads[1].ok);
    assert.match(reads[1].message, /^mixed\.json:3: invalid JSON \(/);
    assert.ok(!reads[2].ok);
    assert.equal(reads[2].message, 'mixed.json:5: field "messages" is an empty list: the sample has no turns; fill in the content or remove the line');
  });

  test('a cut-off array keeps its records; the note and the last record name the original lines', async () => {
    const s = await prepareSource(write('cut.json', `[\n${GOOD},\n${GOOD2},\n{"question": "q", "ans`), cache);
    assert.deepEqual(s.notes, [{
      code: 'unterminated-array', line: 1,
      message: 'cut.json:1: the array that opens here is never closed: the file ends early; the last record (line 4) is probably cut off. Re-export or re-download the file',
    }]);
    const reads = readAll(s);
    assert.deepEqual(reads.map((r) => r.ok), [true, true, false]);
    assert.ok(!reads[2].ok && reads[2].message.startsWith('cut.json:4: invalid JSON'));
  });

  test('an empty array is a note, not an error', async () => {
    const s = await prepareSource(write('none.json', '[ ]\n'), cache);
    assert.deepEqual(s.notes, [{ code: 'no-records', message: 'none.json: holds no records (an empty array, or only whitespace)' }]);
    assert.deepEqual(indexedLines(s), []);
  });

  test('a .json holding JSONL is read one value per line', async () => {
    const s = await prepareSource(write('lines.json', `${GOOD}\n\n${GOOD2}\n`), cache);
    assert.deepEqual(indexedLines(s), [[1, GOOD], [3, GOOD2]]);
  });

  test('an 8 MB array with records crossing every read-chunk boundary splits exactly', async () => {
    const records = Array.from({ length: 40_000 }, (_, i) => ({ question: `Question ${i}: ${'x'.repeat(i % 300)}`, answer: `#### ${i}` }));
    const p = write('big.json', JSON.stringify(records, null, 1));
    const s = await prepareSource(p, cache);
    const lines = indexedLines(s);
    assert.equal(lines.length, records.length);
    lines.forEach(([, text], i) => {
      if (text !== JSON.stringify(records[i])) assert.fail(`record ${i}: ${text.slice(0, 80)}`);
    });
    // With indent 1, record i starts on line 2 + 4i.
    assert.deepEqual([lines[0][0], lines[1][0], lines[39_999][0]], [2, 6, 2 + 4 * 39_999]);
  });
});

suite('preparedSource: a file replaced while it converts', () => {
  /** Two versions of a Parquet file of 8 rows in row groups of 2, told apart by their text. */
  async function versions(): Promise<[string, string]> {
    const files: [string, string] = [path.join(dir, 'v1.parquet.src'), path.join(dir, 'v2.parquet.src')];
    for (const [k, file] of files.entries()) {
      await writeTestParquet(file, [{ name: 'text', data: Array.from({ length: 8 }, (_, i) => `version ${k + 1} row ${i}`) }], { rowGroupSize: 2 });
    }
    return files;
  }

  test('replaced after its first row group (a git pull): converted again, the cache holds the new file alone', async () => {
    const [v1, v2] = await versions();
    const target = path.join(dir, 'data.parquet');
    fs.copyFileSync(v1, target);
    let replaced = false;
    const s = await prepareSource(target, cache, {
      onProgress: () => {
        if (replaced) return;
        replaced = true;
        fs.copyFileSync(v2, `${target}.new`);
        fs.renameSync(`${target}.new`, target);
      },
    });
    assert.ok(replaced);
    assert.deepEqual(indexedLines(s).map(([, text]) => (JSON.parse(text) as { text: string }).text), Array.from({ length: 8 }, (_, i) => `version 2 row ${i}`));
    assert.equal(cacheFiles().filter((f) => f.endsWith('.jsonl')).length, 1, 'one converted copy, of the new file');
    assert.equal((await prepareSource(target, cache)).cache, 'reused', 'and it is the entry for the file as it is now');
  });

  test('a file that keeps changing while it converts is an error saying so, after three tries', async () => {
    const [v1, v2] = await versions();
    const target = path.join(dir, 'data.parquet');
    fs.copyFileSync(v1, target);
    let flips = 0;
    await assert.rejects(prepareSource(target, cache, {
      onProgress: (p) => {
        if (p.rowsDone !== 2) return;
        fs.copyFileSync(++flips % 2 ? v2 : v1, `${target}.new`);
        fs.renameSync(`${target}.new`, target);
      },
    }), /kept changing while it was converted/);
    assert.equal(flips, 3);
    assert.deepEqual(cacheFiles().filter((f) => f.endsWith('.jsonl')), [], 'no copy of neither version is kept');
  });
});
