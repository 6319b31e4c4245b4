// Modelling on the pool of workers: a pooled job gives exactly the scores of
// one worker alone, and "Compare all" fills the leaderboard, best first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Profile, BASE_URL } from './harness.mjs';

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); });
after(async () => { await profile?.dispose(); });

async function forestScores(url) {
  await app.goto(url);
  await app.loadSample('penguins');
  return app.train({ target: 'species', model: 'random_forest', folds: 5, seed: 7, trees: 30 });
}

test('a job on the pool of workers scores exactly like one worker', async () => {
  const cores = await app.page.evaluate(() => navigator.hardwareConcurrency);
  const pooled = await forestScores(BASE_URL);
  const single = await forestScores(BASE_URL + '?workers=1');
  assert.ok(cores >= 1);
  assert.equal(pooled.folds, single.folds);
  assert.equal(pooled.mean, single.mean);
  assert.equal(pooled.model, 'random_forest');
});

test('compare all trains every model on the same folds, best first', async () => {
  await app.goto(BASE_URL);
  await app.loadSample('penguins');
  await app.nav('train');
  await app.t('target-select').selectOption('species');
  await app.t('folds-input').fill('4');
  await app.t('compare-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  const models = await app.t('model-select').locator('option').evaluateAll((os) => os.map((o) => o.value));
  const rows = await app.allAttrs('leaderboard-row');
  assert.deepEqual(rows.map((r) => r.model).sort(), [...models].sort());
  const means = rows.map((r) => Number(r.mean));
  assert.deepEqual(means, [...means].sort((a, b) => b - a), 'best first');
  assert.ok(rows.every((r) => r.metric === 'accuracy'));
  const baseline = rows.find((r) => r.model === 'baseline');
  assert.ok(Number(rows[0].mean) > Number(baseline.mean), 'something beats the baseline');
  await app.screenshot('train-compare');
});
