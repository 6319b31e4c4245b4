// Closing the tab mid-training and opening the app again: the data (a sample)
// comes back with the Train form as it was, the interrupted job is reported,
// and the registry holds only whole models. A user's own file cannot be read
// again without them: the app names it, and restores the form once it is opened.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Profile, App, BASE_URL } from './harness.mjs';

const profiles = [];
after(async () => { for (const p of profiles) await p.dispose(); });

async function reopen(profile, app) {
  await app.page.close();
  const again = new App(await profile.context.newPage());
  await again.goto();
  return again;
}

test('closing the tab mid-training and reopening restores data and settings', async () => {
  const profile = new Profile();
  profiles.push(profile);
  let app = await profile.open();
  await app.goto();
  await app.loadSample('house-prices');
  await app.nav('models');
  const storedBefore = await app.t('model-row').count();
  await app.train({ target: 'preco', model: 'random_forest', folds: 10, seed: 7, trees: 1000, wait: false });
  await app.page.waitForFunction(() => document.querySelector('[data-testid="job-status"]')?.dataset.state === 'running');

  app = await reopen(profile, app);
  await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="error-banner"]')]
    .some((b) => b.textContent.includes('interrupted')));
  await app.page.waitForFunction(() => document.querySelector('[data-testid="dataset-summary"]')?.dataset.name?.startsWith('house-prices'));
  await app.nav('train');
  await app.page.waitForFunction(() => document.querySelector('[data-testid="model-select"]')?.value === 'random_forest');
  assert.equal(await app.t('target-select').inputValue(), 'preco');
  assert.equal(await app.t('folds-input').inputValue(), '10');
  assert.equal(await app.t('seed-input').inputValue(), '7');
  assert.equal(await app.page.locator('[data-testid="param-input"][data-param="n_trees"]').inputValue(), '1000');
  await app.nav('models');
  assert.equal(await app.t('model-row').count(), storedBefore, 'nothing half-written was stored');

  // The restored form trains (fewer trees, to be quick).
  const cv = await app.train({ target: 'preco', model: 'random_forest', folds: 3, seed: 7, trees: 20 });
  assert.equal(cv.metric, 'r2');
  assert.deepEqual(profile.foreignRequests(new URL(BASE_URL).origin), []);
});

test('a user file is named on reopening, and opening it again restores the form', async () => {
  const profile = new Profile();
  profiles.push(profile);
  let app = await profile.open();
  await app.goto();
  const rows = ['a,b,group,label'];
  for (let i = 0; i < 60; i++) rows.push(`${i},${(i * 7) % 11},${i % 3 === 0 ? 'x' : 'y'},${i % 2 ? 'yes' : 'no'}`);
  const csv = rows.join('\n') + '\n';
  await app.uploadData('mine.csv', csv);
  await app.nav('train');
  await app.t('target-select').selectOption('group');
  await app.t('model-select').selectOption('decision_tree');
  await app.t('folds-input').fill('4');
  await app.t('folds-input').dispatchEvent('change');

  app = await reopen(profile, app);
  await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="error-banner"]')]
    .some((b) => b.textContent.includes('mine.csv')));
  await app.uploadData('mine.csv', csv);
  await app.nav('train');
  await app.page.waitForFunction(() => document.querySelector('[data-testid="target-select"]')?.value === 'group');
  assert.equal(await app.t('model-select').inputValue(), 'decision_tree');
  assert.equal(await app.t('folds-input').inputValue(), '4');

  // Another file does not inherit the settings.
  await app.uploadData('other.csv', csv.replace('label', 'outcome'));
  await app.nav('train');
  assert.equal(await app.t('target-select').inputValue(), 'outcome');
});
