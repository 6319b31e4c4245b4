// The Predict page's single-row form: fields from the model's columns, the
// prediction with its probability, an explanation whose contributions add up
// to the explained output, and what-if updates when a field changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Profile } from './harness.mjs';

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); });
after(async () => { await profile?.dispose(); });

async function fill(values) {
  for (const [column, value] of Object.entries(values)) {
    const field = app.page.locator(`[data-testid="predict-field"][data-column="${column}"]`);
    await field.fill(value);
    await field.dispatchEvent('change');
  }
}

test('a typed row is predicted, explained, and updated when a field changes', async () => {
  await app.goto();
  await app.loadSample('penguins');
  await app.train({ target: 'species', model: 'random_forest', folds: 3, trees: 25 });
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.t('model-row').first().waitFor();
  await app.nav('predict');
  const columns = await app.t('predict-field').evaluateAll((els) => els.map((e) => e.dataset.column));
  assert.ok(columns.includes('island') && columns.includes('flipper_length_mm'), columns.join());
  assert.ok(!columns.includes('species'));

  await fill({ island: 'Biscoe', bill_length_mm: '47.5', bill_depth_mm: '14.5', flipper_length_mm: '217', body_mass_g: '5000', sex: 'female' });
  await app.t('predict-single-button').click();
  const result = app.t('predict-single-result');
  await result.waitFor({ timeout: 60_000 });
  assert.equal(await app.bannerTexts(), '');
  assert.equal(await result.getAttribute('data-value'), 'Gentoo');
  assert.ok(Number(await result.getAttribute('data-proba')) > 0.5);
  const rows = await app.allAttrs('explanation-row');
  assert.equal(rows.length, columns.length);
  const summary = await app.attrs(app.t('explanation-summary'));
  const total = Number(summary.base) + rows.reduce((s, r) => s + Number(r.contribution), 0);
  assert.ok(Math.abs(total - Number(summary.explained)) < 1e-9, `${total} vs ${summary.explained}`);
  await app.screenshot('predict-single');

  // What-if: an Adelie-like row, no button press.
  await fill({ island: 'Torgersen', bill_length_mm: '38', flipper_length_mm: '182', body_mass_g: '3500' });
  await app.page.waitForFunction(() => document.querySelector('[data-testid="predict-single-result"]')?.dataset.value === 'Adelie', null, { timeout: 60_000 });

  // Out of range: warned, still predicted.
  await fill({ flipper_length_mm: '400' });
  await app.page.waitForFunction(() => document.querySelector('.warnings li')?.textContent.includes('outside the training range'), null, { timeout: 60_000 });

  // Every run is in the audit log, newest first, with distinct input fingerprints;
  // the log survives a reload and can be cleared.
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length >= 3);
  const log = await app.allAttrs('audit-row');
  assert.ok(log.every((e) => e.kind === 'row' && e.rows === '1'));
  assert.ok(new Set(log.map((e) => e.fingerprint)).size >= 3);
  await app.page.reload();
  await app.page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 60_000 });
  await app.nav('predict');
  await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid="audit-row"]').length === n, log.length);
  await app.t('audit-clear').click();
  await app.t('confirm-yes').click();
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length === 0);
});
