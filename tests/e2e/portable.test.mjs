// Same seed, same scores in the browser (wasm) as natively: the fixture is
// computed and checked by the native test crates/studio-protocol/tests/portable_scores.rs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Profile } from './harness.mjs';

const EXPECTED = JSON.parse(readFileSync(new URL('./fixtures/portable_scores.json', import.meta.url), 'utf8'));

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); });
after(async () => { await profile?.dispose(); });

test('cross-validation scores in the browser equal the native ones bit for bit', async () => {
  await app.goto();
  await app.loadSample('penguins');
  for (const [model, expected] of Object.entries(EXPECTED)) {
    const trees = expected.params.n_trees;
    const cv = await app.train({ target: 'species', model, folds: 5, seed: 7, trees });
    assert.equal(cv.model, model);
    assert.equal(cv.folds, expected.folds, model);
    assert.equal(cv.mean, expected.mean, model);
  }
});
