// Global explanations on the Train page: after training, out-of-fold
// permutation importance (finite mean and spread for every feature) next to
// the model's own importances, and partial dependence charts for the top
// columns, each with a table behind it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Profile } from './harness.mjs';

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); });
after(async () => { await profile?.dispose(); });

test('permutation importance rows and partial dependence charts', async () => {
  await app.goto();
  await app.loadSample('penguins');
  await app.nav('train');
  await app.t('target-select').selectOption('species');
  await app.t('model-select').selectOption('random_forest');
  await app.t('folds-input').fill('3');
  await app.t('train-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  const features = await app.page.locator('[data-testid="feature-toggle"]:checked').count();

  await app.t('explain-global-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await app.t('global-explanation').waitFor();
  const rows = await app.allAttrs('permutation-importance-row');
  assert.equal(rows.length, features, JSON.stringify(rows));
  for (const r of rows) {
    assert.ok(Number.isFinite(Number(r.mean)) && Number.isFinite(Number(r.std)) && Number(r.std) >= 0, JSON.stringify(r));
  }
  assert.ok(Number(rows[0].mean) > 0.01, 'shuffling the top column lowers the accuracy');
  const pdp = await app.allAttrs('pdp-chart');
  assert.ok(pdp.length >= 3 && pdp.length <= 5, JSON.stringify(pdp));
  assert.deepEqual(pdp.map((p) => p.feature), rows.slice(0, pdp.length).map((r) => r.feature));
  assert.equal(await app.t('pdp-chart').first().locator('img, svg').count() > 0, true);
  assert.ok(await app.t('pdp-chart').first().locator('table').count() > 0, 'a table behind the chart');
  assert.equal(await app.t('permutation-importance-chart').count(), 1);
  assert.equal(await app.t('model-importance-chart').count(), 1);
  await app.screenshot('train-explain-global');
});
