// Monitor: a saved model's training distributions against new files. The
// training file itself shows no drift; a file whose bill length moved shows
// drift on that column, and its labelled rows are scored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Profile } from './harness.mjs';

const PENGUINS = readFileSync(new URL('../../crates/studio-core/data/penguins.csv', import.meta.url), 'utf8');

function shiftedBillLength(shift) {
  const [header, ...rows] = PENGUINS.trim().split('\n');
  const col = header.split(',').indexOf('bill_length_mm');
  return [header, ...rows.map((line) => {
    const cells = line.split(',');
    if (cells[col] !== '' && !Number.isNaN(Number(cells[col]))) cells[col] = String(Number(cells[col]) + shift);
    return cells.join(',');
  })].join('\n') + '\n';
}

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); });
after(async () => { await profile?.dispose(); });

async function checkDrift(name, text) {
  await app.nav('monitor');
  await app.t('drift-file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await app.page.waitForFunction((n) => document.querySelector('[data-testid="drift-summary"]')?.dataset.file === n
    || document.querySelector('[data-testid="error-banner"]'), name, { timeout: 120_000 });
  assert.equal(await app.bannerTexts(), '');
  return { summary: await app.attrs(app.t('drift-summary')), rows: await app.allAttrs('drift-row') };
}

test('drift rows, summary and the score on labelled new rows', async () => {
  await app.goto();
  await app.loadSample('penguins');
  await app.nav('train');
  await app.t('target-select').selectOption('species');
  await app.t('model-select').selectOption('logistic_regression');
  await app.t('folds-input').fill('3');
  await app.t('train-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.t('model-row').first().waitFor();

  const same = await checkDrift('penguins.csv', PENGUINS);
  assert.equal(same.summary.driftedColumns, '0');
  assert.ok(same.rows.length >= 5, JSON.stringify(same.rows));
  assert.ok(same.rows.every((r) => r.drifted === 'false' && Number(r.psi) < 0.1), JSON.stringify(same.rows));
  assert.match(await app.t('drift-score').innerText(), /scores accuracy 0\.9\d/);

  const moved = await checkDrift('moved.csv', shiftedBillLength(15));
  assert.equal(moved.summary.driftedColumns, '1');
  const bill = moved.rows.find((r) => r.column === 'bill_length_mm');
  assert.equal(bill.drifted, 'true');
  assert.ok(Number(bill.psi) > 1, bill.psi);
  assert.equal(moved.rows[0].column, 'bill_length_mm', 'drifted columns come first');
  assert.ok(await app.page.locator('[data-testid="drift-chart"][data-column="bill_length_mm"] svg, [data-testid="drift-chart"][data-column="bill_length_mm"] img').count() > 0);
  await app.screenshot('monitor-drift');
});
