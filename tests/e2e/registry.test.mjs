// The model registry: versions under one name, rename, notes, search, order,
// and two versions compared side by side.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Profile } from './harness.mjs';

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); });
after(async () => { await profile?.dispose(); });

async function trainAndSave(model, extra = async () => {}) {
  await app.nav('models');
  const before = await app.t('model-row').count();
  await app.nav('train');
  await app.t('target-select').selectOption('species');
  await app.t('model-select').selectOption(model);
  await extra();
  await app.t('folds-input').fill('3');
  await app.t('train-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid="model-row"]').length === n, before + 1);
}

test('versions, rename, notes, search, order and a side-by-side comparison', async () => {
  await app.goto();
  await app.loadSample('penguins');
  await trainAndSave('decision_tree');
  await trainAndSave('decision_tree', async () => {
    await app.page.locator('[data-testid="param-input"][data-param="max_depth"]').fill('2');
  });
  await trainAndSave('logistic_regression');
  let rows = await app.allAttrs('model-row');
  const trees = rows.filter((r) => r.model === 'decision_tree');
  // Same default name: the second tree is version 2 of it.
  assert.deepEqual(trees.map((r) => r.version).sort(), ['1', '2']);
  assert.equal(trees[0].name, trees[1].name);

  // Notes and a new name are stored (they survive a reload).
  const logistic = app.page.locator('[data-testid="model-row"][data-model="logistic_regression"]');
  await logistic.locator('[data-testid="model-notes"]').fill('baseline for the <b>report</b>');
  await logistic.locator('[data-testid="model-notes"]').dispatchEvent('change');
  await logistic.locator('[data-testid="model-name-input"]').fill('penguins-logistic');
  await logistic.locator('[data-testid="model-name-input"]').dispatchEvent('change');
  await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="model-row"]')].some((r) => r.dataset.name === 'penguins-logistic'));
  await app.page.reload();
  await app.page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 60_000 });
  await app.nav('models');
  const renamed = app.page.locator('[data-testid="model-row"][data-name="penguins-logistic"]');
  await renamed.waitFor();
  assert.equal(await renamed.getAttribute('data-version'), '1');
  assert.equal(await renamed.locator('[data-testid="model-notes"]').inputValue(), 'baseline for the <b>report</b>');
  assert.equal(await app.page.locator('b').filter({ hasText: 'report' }).count(), 0, 'notes are text, not HTML');

  // ONNX export downloads <name>.onnx: a protobuf ModelProto (field 1, ir_version 8).
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    renamed.locator('[data-testid="model-export-onnx"]').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'penguins-logistic.onnx');
  const bytes = readFileSync(await download.path());
  assert.ok(bytes.length > 500, `${bytes.length} bytes`);
  assert.deepEqual([...bytes.subarray(0, 2)], [0x08, 0x08]);
  assert.ok(bytes.includes(Buffer.from('ai.onnx.ml')));

  // Search matches notes; order by name.
  await app.t('model-search').fill('REPORT');
  rows = await app.allAttrs('model-row');
  assert.deepEqual(rows.map((r) => r.name), ['penguins-logistic']);
  await app.t('model-search').fill('');
  await app.t('model-sort').selectOption('score');
  rows = await app.allAttrs('model-row');
  const means = rows.map((r) => Number(r.mean));
  assert.deepEqual(means, [...means].sort((a, b) => b - a));

  // Compare the two trees: the depth setting and the scores differ.
  const treeRows = app.page.locator('[data-testid="model-row"][data-model="decision_tree"]');
  await treeRows.nth(0).locator('[data-testid="model-compare-check"]').check();
  await treeRows.nth(1).locator('[data-testid="model-compare-check"]').check();
  await app.t('model-compare-button').click();
  const view = app.t('model-compare-view');
  await view.waitFor();
  const depth = view.locator('tr', { hasText: 'setting max_depth' });
  assert.equal(await depth.getAttribute('data-differs'), 'true');
  assert.equal(await view.locator('tr', { hasText: 'setting min_samples_leaf' }).getAttribute('data-differs'), 'false');
  assert.match(await depth.innerText(), /none[\s\S]*2|2[\s\S]*none/);
  await app.screenshot('models-registry');
});
