// Per-column preprocessing: a column can have its own imputation, scaling or
// encoding; the trained model's pipeline carries exactly those steps, and a
// column excluded after being given a step does not break training.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Profile } from './harness.mjs';

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); });
after(async () => { await profile?.dispose(); });

const row = (column) => app.page.locator(`[data-testid="pipeline-override"][data-column="${column}"]`);

test('per-column steps reach the fitted pipeline', async () => {
  await app.goto();
  await app.loadSample('house-prices');
  await app.nav('train');
  await app.t('target-select').selectOption('preco');
  await app.t('model-select').selectOption('ridge');
  await app.t('pipeline-overrides-toggle').click();
  assert.equal(await row('area').getAttribute('data-kind'), 'numeric');
  assert.equal(await row('bairro').getAttribute('data-kind'), 'categorical');
  await row('area').locator('[data-testid="pipeline-override-scaling"]').selectOption('robust');
  await row('idade').locator('[data-testid="pipeline-override-impute"]').selectOption('zero');
  await row('bairro').locator('[data-testid="pipeline-override-encoding"]').selectOption('ordinal');
  assert.match(await app.t('pipeline-overrides-toggle').textContent(), /3 changed/);
  // Back to "as above" removes the override.
  await row('idade').locator('[data-testid="pipeline-override-impute"]').selectOption('default');
  assert.match(await app.t('pipeline-overrides-toggle').textContent(), /2 changed/);

  await app.t('folds-input').fill('3');
  await app.t('train-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.t('model-row').first().waitFor();
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.t('model-export-json').first().click(),
  ]);
  const artifact = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const feature = (name) => artifact.preprocessing.features.find((f) => f.name === name);
  assert.ok(feature('area').scaling?.robust, JSON.stringify(feature('area')));
  assert.equal(feature('quartos').scaling, undefined, 'other columns keep the default (no scaling)');
  assert.equal(feature('bairro').encoding, 'ordinal');
  assert.ok(!('encoding' in feature('idade')));
  assert.ok('median' in feature('idade'), 'idade is back to the default median fill');
});

test('a column excluded after getting its own step still trains', async () => {
  await app.nav('train');
  const areaToggle = app.page.locator('[data-testid="feature-toggle"][data-column="area"]');
  await areaToggle.uncheck();
  await app.t('train-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await areaToggle.check();
});

test('a derived feature defined on Explore is on Train and in the fitted pipeline', async () => {
  await app.nav('explore');
  const editor = app.t('pipeline-derived');
  await editor.fill('preco_typo = preco2 * 2');
  await editor.dispatchEvent('change');
  await app.page.locator('.derived [role="alert"]').waitFor();
  assert.match(await app.page.locator('.derived [role="alert"]').textContent(), /preco2/);
  await editor.fill('area_per_room = area / quartos');
  await editor.dispatchEvent('change');
  await app.page.waitForFunction(() => document.querySelector('[data-testid="derived-count"]')?.dataset.count === '1');

  await app.nav('train');
  assert.equal(await app.t('pipeline-derived').inputValue(), 'area_per_room = area / quartos');
  await app.t('train-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="model-row"]').length === 2);
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.t('model-export-json').first().click(),
  ]);
  const artifact = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(artifact.preprocessing.derived.map((d) => d.name), ['area_per_room']);
});
