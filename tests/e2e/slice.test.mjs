// The foundation slice end to end, through the UI contract only:
// sample -> profile -> train with CV -> save -> reload -> export -> import into a
// fresh profile -> batch predict, with no request leaving the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Profile, BASE_URL, ARTIFACTS } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pandas = JSON.parse(readFileSync(join(here, 'fixtures', 'penguins_pandas_profile.json'), 'utf8'));
const penguinsCsv = readFileSync(join(here, '..', '..', 'crates', 'studio-core', 'data', 'penguins.csv'), 'utf8');
const origin = new URL(BASE_URL).origin;

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); await app.goto(); });
after(async () => { await profile?.dispose(); });

const close = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('loading the penguins sample gives the summary and pandas-identical profiles', async () => {
  await app.loadSample('penguins');
  const s = await app.attrs(app.t('dataset-summary'));
  assert.equal(s.rows, '344');
  assert.equal(s.cols, '8');
  assert.equal(s.delimiter, ',');
  assert.equal(s.decimal, '.');
  await app.screenshot('data');
  await app.nav('explore');
  const profiles = await app.allAttrs('column-profile');
  assert.equal(profiles.length, 8);
  for (const [column, want] of Object.entries(pandas.columns)) {
    const got = profiles.find((p) => p.column === column);
    assert.ok(got, `profile of ${column}`);
    assert.equal(Number(got.missing), want.missing, `${column} missing`);
    assert.equal(Number(got.unique), want.unique, `${column} unique`);
    if (want.mean !== undefined) {
      for (const k of ['mean', 'std', 'min', 'max', 'median']) {
        assert.ok(close(Number(got[k]), want[k]), `${column} ${k}: ${got[k]} vs pandas ${want[k]}`);
      }
      assert.equal(Number(got.outliers), want.outliers, `${column} outliers`);
    } else {
      assert.equal(got.mean, undefined, `${column} has no mean`);
    }
  }
  assert.equal(profiles.find((p) => p.column === 'species').kind, 'categorical');
  assert.equal(profiles.find((p) => p.column === 'bill_length_mm').kind, 'numeric');
  const charts = await app.allAttrs('column-chart');
  assert.deepEqual(charts.map((c) => c.column), Object.keys(pandas.columns));
  const img = app.page.locator('[data-testid="column-chart"][data-column="bill_length_mm"] img').first();
  assert.match(await img.getAttribute('alt'), /Histogram of bill_length_mm/);
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'chart image renders');
  await app.t('correlation-matrix').waitFor();
  const r = await app.page.locator('[data-testid="correlation-matrix"] td[aria-label^="flipper_length_mm × body_mass_g"]').getAttribute('data-value');
  assert.ok(Math.abs(Number(r) - pandas.pearson_flipper_body_mass) < 1e-12, `pearson ${r}`);
  await app.screenshot('explore');
  const [report] = await Promise.all([app.page.waitForEvent('download'), app.t('profile-export').click()]);
  assert.equal(report.suggestedFilename(), 'penguins.profile.html');
  const html = readFileSync(await report.path(), 'utf8');
  assert.match(html, /<h1>Profile of penguins<\/h1>/);
  assert.equal((html.match(/<figure>/g) ?? []).length, 8 + 3); // columns + Pearson, Spearman, Cramér's V
  assert.ok(!html.includes('<script'));
});

test('training a random forest cross-validates, then saves to the registry', async () => {
  await app.nav('train');
  assert.equal(await app.t('target-select').inputValue(), 'species');
  assert.equal(await app.t('task-kind').getAttribute('data-task'), 'classification');
  await app.page.waitForSelector('[data-testid="target-view"][data-target="species"]');
  const flipper = (await app.allAttrs('target-association')).find((a) => a.column === 'flipper_length_mm');
  assert.equal(flipper.measure, 'correlation_ratio');
  assert.ok(Math.abs(Number(flipper.value) - 0.8821728382519646) < 1e-9, flipper.value);
  const cv = await app.train({ target: 'species', model: 'random_forest', folds: 5, seed: 42, trees: 60 });
  assert.equal(cv.model, 'random_forest');
  assert.equal(cv.metric, 'accuracy');
  assert.equal(cv.folds.split(',').length, 5);
  assert.ok(Number(cv.mean) > 0.93, `accuracy ${cv.mean}`);
  assert.ok(Number(cv.seconds) > 0);
  console.log(`# measured: penguins sample, random forest 60 trees, 5-fold CV + final fit: ${Number(cv.seconds).toFixed(2)} s, accuracy ${Number(cv.mean).toFixed(4)}`);
  const metrics = Object.fromEntries((await app.allAttrs('metric')).map((m) => [m.name, Number(m.value)]));
  for (const name of ['accuracy', 'balanced_accuracy', 'f1_macro', 'log_loss', 'roc_auc']) {
    assert.ok(Number.isFinite(metrics[name]), `metric ${name}`);
  }
  assert.ok(metrics.roc_auc > 0.95);
  // Same seed, same folds, same numbers.
  const again = await app.train({ target: 'species', model: 'random_forest', folds: 5, seed: 42, trees: 60 });
  assert.equal(again.folds, cv.folds);
  const base = await app.train({ target: 'species', model: 'baseline', folds: 5, seed: 42 });
  assert.ok(Number(base.mean) < 0.5, `baseline ${base.mean}`);
  const board = await app.allAttrs('leaderboard-row');
  assert.equal(board.length, 3);
  assert.equal(board[0].model, 'random_forest');
  assert.equal(board[2].model, 'baseline');
  await app.train({ target: 'species', model: 'random_forest', folds: 5, seed: 42, trees: 60 });
  await app.screenshot('train');
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.t('model-row').first().waitFor();
  assert.equal(await app.t('model-row').count(), 1);
  await app.screenshot('models');
});

test('saved models survive a reload and a browser restart', async () => {
  await app.page.reload();
  await app.goto(BASE_URL + '#/models');
  assert.equal(await app.t('model-row').count(), 1);
  await profile.close();
  app = await profile.open();
  await app.goto(BASE_URL + '#/models');
  await app.t('model-row').first().waitFor();
  assert.equal(await app.t('model-row').count(), 1);
});

let exportedPath;
test('export gives a versioned artifact that imports into a fresh profile', async () => {
  const row = await app.attrs(app.t('model-row').first());
  assert.equal(row.model, 'random_forest');
  assert.equal(row.target, 'species');
  assert.match(row.created, /^\d{4}-\d\d-\d\dT/);
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.t('model-export-json').first().click(),
  ]);
  assert.match(download.suggestedFilename(), /\.model\.json$/);
  exportedPath = join(ARTIFACTS, download.suggestedFilename());
  await download.saveAs(exportedPath);
  const artifact = JSON.parse(readFileSync(exportedPath, 'utf8'));
  assert.equal(artifact.format, 'ml-studio-model');
  assert.equal(artifact.format_version, 2);
  assert.ok(artifact.drift_baseline.columns.length > 0, "the training distributions are kept for drift checks");
  assert.equal(artifact.target, 'species');
  assert.equal(artifact.seed, 42);
  assert.equal(artifact.n_rows, 344);
  assert.match(artifact.data_fingerprint, /^wordmix64:[0-9a-f]{16}$/);
  assert.deepEqual(artifact.class_labels, ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.ok(artifact.features.some((f) => f.name === 'island' && f.kind === 'categorical' && f.categories.includes('Biscoe')));

  const fresh = new Profile();
  try {
    const other = await fresh.open();
    await other.goto(BASE_URL + '#/models');
    assert.equal(await other.t('model-row').count(), 0);
    // A broken file is refused with a banner and changes nothing.
    await other.t('model-import-input').setInputFiles({ name: 'bad.model.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"ml-studio-model","format_version":1,"oops":true}') });
    await other.t('error-banner').first().waitFor();
    assert.equal(await other.t('model-row').count(), 0);
    const tampered = JSON.parse(readFileSync(exportedPath, 'utf8'));
    tampered.format_version = 99;
    await other.t('model-import-input').setInputFiles({ name: 'future.model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) });
    await other.page.waitForFunction(() => document.querySelectorAll('[data-testid="error-banner"]').length >= 2);
    assert.match(await other.bannerTexts(), /version 99/);
    assert.equal(await other.t('model-row').count(), 0);
    await other.t('model-import-input').setInputFiles(exportedPath);
    await other.t('model-row').first().waitFor();
    const imported = await other.attrs(other.t('model-row').first());
    assert.equal(imported.mean, row.mean);
    assert.equal(imported.model, 'random_forest');
  } finally {
    await fresh.dispose();
  }
});

test('batch prediction scores good rows, reports bad ones, and downloads a CSV', async () => {
  const lines = penguinsCsv.trim().split('\n');
  const header = lines[0].split(',');
  const drop = header.indexOf('species');
  const rows = lines.slice(1, 41).map((l) => l.split(',').filter((_, i) => i !== drop).join(','));
  rows[3] = rows[3].replace(/^([^,]*,)[^,]*/, '$1not-a-number');
  const csv = [header.filter((_, i) => i !== drop).join(','), ...rows].join('\n');
  await app.nav('predict');
  await app.t('predict-file-input').setInputFiles({ name: 'new_penguins.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await app.t('predict-summary').waitFor();
  const summary = await app.attrs(app.t('predict-summary'));
  assert.equal(summary.rows, '39');
  assert.equal(summary.failed, '1');
  const [download] = await Promise.all([app.page.waitForEvent('download'), app.t('predict-download').click()]);
  assert.match(download.suggestedFilename(), /\.predictions\.csv$/);
  const path = join(ARTIFACTS, download.suggestedFilename());
  await download.saveAs(path);
  const out = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  assert.equal(out.length, 41);
  assert.deepEqual(out[0].split(',').slice(-4), ['prediction', 'proba_Adelie', 'proba_Chinstrap', 'proba_Gentoo']);
  const first = out[1].split(',');
  assert.equal(first.at(-4), 'Adelie');
  const p = first.slice(-3).map(Number);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  await app.screenshot('predict');
  // Missing columns refuse the file with a clear message.
  await app.t('predict-file-input').setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
  await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="error-banner"]')].some((b) => b.textContent.includes('lacks column')));
  writeFileSync(join(ARTIFACTS, 'requests.txt'), profile.requests.join('\n'));
});

test('the page made no request outside its own origin', async () => {
  assert.ok(profile.requests.length > 3);
  assert.deepEqual(profile.foreignRequests(origin), []);
});
