// Retraining from Monitor: a model trained and saved on penguins, a labelled
// new file checked, "retrain on old + new" stores v2 with the old model as its
// parent and shows parent and child side by side with both scores on the new
// rows. With other data loaded, old + new is not offered (and says why).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Profile } from './harness.mjs';

const PENGUINS = readFileSync(new URL('../../crates/studio-core/data/penguins.csv', import.meta.url), 'utf8');
const [HEADER, ...ROWS] = PENGUINS.trim().split('\n');
// Every fifth row (the file is sorted by species): 69 labelled new rows.
const NEW_ROWS = ROWS.filter((_, i) => i % 5 === 0);
const NEW_FILE = [HEADER, ...NEW_ROWS].join('\n') + '\n';

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); });
after(async () => { await profile?.dispose(); });

/** Clicks a retrain button and waits for the stored child (or an error). */
async function retrain(button) {
  await app.t(button).click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid="retrain-result"]')
    || document.querySelector('[data-testid="error-banner"]'), null, { timeout: 300_000 });
  assert.equal(await app.bannerTexts(), '');
  assert.equal(await app.t('job-status').getAttribute('data-state'), 'done');
}

async function checkDrift(name, text) {
  await app.nav('monitor');
  await app.t('drift-file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await app.page.waitForFunction((n) => document.querySelector('[data-testid="drift-summary"]')?.dataset.file === n
    || document.querySelector('[data-testid="error-banner"]'), name, { timeout: 120_000 });
  assert.equal(await app.bannerTexts(), '');
}

test('retrain on old + new stores a child version and compares it with its parent', async () => {
  await app.goto();
  await app.loadSample('penguins');
  await app.nav('train');
  await app.t('target-select').selectOption('species');
  await app.t('model-select').selectOption('decision_tree');
  await app.t('folds-input').fill('3');
  await app.t('train-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.t('model-row').first().waitFor();
  const parent = await app.attrs(app.t('model-row').first());
  assert.equal(parent.version, '1');

  await checkDrift('new.csv', NEW_FILE);
  await app.t('retrain-old-new').waitFor();
  assert.equal(await app.t('retrain-old-new').isEnabled(), true);
  assert.equal(await app.t('retrain-old-unavailable').count(), 0);
  await retrain('retrain-old-new');
  const result = await app.attrs(app.t('retrain-result'));
  assert.equal(result.version, '2');
  assert.equal(result.parentId, parent.modelId);
  assert.equal(result.data, 'old_and_new');
  assert.equal(Number(result.rows), 344 + NEW_ROWS.length, 'the child holds the old and the new rows');
  assert.ok(Number.isFinite(Number(result.parentScore)) && Number.isFinite(Number(result.childScore)), JSON.stringify(result));
  assert.ok(await app.t('retrain-compare').locator('tr[data-differs="true"]').count() > 0);
  assert.match(await app.t('retrain-compare').innerText(), /fold scores/);
  await app.screenshot('monitor-retrain');

  await app.nav('models');
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="model-row"]').length === 2);
  const rows = await app.allAttrs('model-row');
  const child = rows.find((r) => r.version === '2');
  assert.ok(child, JSON.stringify(rows));
  assert.equal(child.parent, parent.modelId);
  assert.equal(child.name, parent.name);
  assert.equal(child.modelId, result.childId);
  assert.match(await app.page.locator(`[data-testid="model-row"][data-model-id="${child.modelId}"]`).innerText(), /retrained from .* v1/);
  assert.equal(await app.bannerTexts(), '');
});

test('old + new is not offered when the loaded data is not the training data; new only works', async () => {
  await app.loadSample('house-prices');
  await app.nav('monitor');
  await app.t('monitor-model-select').selectOption({ index: 1 });
  await checkDrift('new2.csv', NEW_FILE);
  await app.t('retrain-old-new').waitFor();
  assert.equal(await app.t('retrain-old-new').isDisabled(), true);
  assert.match(await app.t('retrain-old-unavailable').innerText(), /not the data this model was trained on/);
  await retrain('retrain-new-only');
  const result = await app.attrs(app.t('retrain-result'));
  assert.equal(result.data, 'new_only');
  assert.equal(Number(result.rows), NEW_ROWS.length);
  assert.equal(result.version, '3');
  await app.nav('models');
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="model-row"]').length === 3);
});
