// Teacher mix, synthetic share and generation depth, lexical diversity.
import * as assert from 'node:assert/strict';
import { distinct2, generationClass, meanPairwiseSimilarity, syntheticShare, syntheticShareWarning, teacherCapWarning, teacherMix } from '../../src/core/checks/curationMeters';

suite('curationMeters', () => {
  test('teacher mix per model and template, largest first; the cap warns only above it', () => {
    const mix = teacherMix([
      { model: 'a', template: 't1' }, { model: 'a', template: 't2' }, { model: 'b', template: 't1' }, { template: 't1' },
    ]);
    assert.deepEqual(mix.models.map((m) => [m.name, m.count, m.share]), [['a', 2, 0.5], ['b', 1, 0.25], ['unknown', 1, 0.25]]);
    assert.deepEqual(mix.templates.map((m) => [m.name, m.count]), [['t1', 3], ['t2', 1]]);
    assert.equal(teacherCapWarning(mix, 0.5), undefined);
    assert.match(teacherCapWarning(mix, 0.4) ?? '', /^a wrote 50% of the accepted samples \(cap 40%\)$/);
    assert.equal(teacherCapWarning(teacherMix([{}, {}]), 0.1), undefined, 'unknown is not a teacher');
  });

  test('generation classes and the synthetic share over samples whose origin is known', () => {
    assert.equal(generationClass('human', undefined), 'human');
    assert.equal(generationClass('model', 1), 'model');
    assert.equal(generationClass('model', undefined), 'model');
    assert.equal(generationClass('model', 3), 'model-from-model');
    assert.equal(generationClass('unknown', undefined), 'unknown');
    const s = syntheticShare([{ origin: 'human', depth: 0 }, { origin: 'model', depth: 1 }, { origin: 'model', depth: 2 }, { origin: 'unknown' }]);
    assert.deepEqual(s.counts, { human: 1, model: 1, 'model-from-model': 1, unknown: 1 });
    assert.equal(s.syntheticShare, 2 / 3);
    assert.equal(s.meanDepth, 1);
    assert.equal(s.maxDepth, 2);
    assert.equal(syntheticShareWarning(s, 0.7), undefined);
    assert.match(syntheticShareWarning(s, 0.5) ?? '', /67% of the accepted samples are model-generated \(limit 50%\)/);
  });

  test('distinct-2 and mean pairwise similarity move the right way', () => {
    assert.equal(distinct2(['a b a b a b']), 2 / 5);
    assert.equal(distinct2([]), 0);
    const same = Array.from({ length: 5 }, () => 'the quick brown fox jumps over the lazy dog again and again');
    const varied = Array.from({ length: 5 }, (_, i) => `sample ${i} talks about ${['rivers', 'stars', 'cells', 'trade', 'music'][i]} in its own words entirely ${i * 7}`);
    assert.equal(meanPairwiseSimilarity(same), 1);
    assert.ok(meanPairwiseSimilarity(varied) < 0.1);
    assert.ok(distinct2(varied) > distinct2(same));
  });
});
