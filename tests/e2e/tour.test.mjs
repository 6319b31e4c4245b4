// The guided first-run tour on the house-price sample: offered on a first
// visit, walks through every section, each step outlines its control and says
// when its action is done; finishing remembers it was seen.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Profile, BASE_URL } from './harness.mjs';

const profile = new Profile();
after(async () => { await profile.dispose(); });

test('the tour walks the whole flow on the house-price sample', async () => {
  const app = await profile.open();
  await app.goto();
  const step = app.t('tour-step');
  const atStep = async (n, hash) => {
    await app.page.waitForFunction((n) => document.querySelector('[data-testid="tour-step"]')?.dataset.step === String(n), n);
    await app.page.waitForFunction((h) => location.hash === h, hash);
  };
  const doneNow = () => app.page.waitForFunction(() => document.querySelector('[data-testid="tour-step"]')?.dataset.done === 'true', null, { timeout: 300_000 });
  const outlined = (id) => app.page.waitForSelector(`[data-testid="${id}"].tour-target`);

  await app.t('tour-offer').waitFor();
  await app.t('tour-start').click();
  await atStep(1, '#/data');
  assert.equal(await step.getAttribute('data-done'), 'false');
  await app.t('tour-do').click();
  await doneNow();
  assert.match(await app.t('dataset-summary').getAttribute('data-name'), /^house-prices/);

  await app.t('tour-next').click();
  await atStep(2, '#/explore');
  // The panel follows a language switch and keeps its step.
  await app.t('language-select').selectOption('pt-BR');
  await app.page.waitForFunction(() => document.querySelector('[data-testid="tour-step"] h2')?.textContent.includes('Explorar'));
  await app.t('language-select').selectOption('en');
  await app.page.waitForFunction(() => document.querySelector('[data-testid="tour-step"] h2')?.textContent.includes('Explore'));
  assert.equal(await step.getAttribute('data-step'), '2');

  await app.t('tour-next').click();
  await atStep(3, '#/train');
  await outlined('train-button');
  await app.t('model-select').selectOption('gradient_boosting');
  await app.t('folds-input').fill('3');
  await app.t('train-button').click();
  await doneNow();

  await app.t('tour-next').click();
  await atStep(4, '#/train');
  await outlined('save-model-button');
  await app.t('save-model-button').click();
  await doneNow();

  await app.t('tour-next').click();
  await atStep(5, '#/models');
  await doneNow();

  await app.t('tour-next').click();
  await atStep(6, '#/predict');
  await outlined('predict-single-button');
  await app.t('predict-single-button').click();
  await doneNow();

  await app.t('tour-next').click();
  await atStep(7, '#/monitor');
  assert.equal(await step.getAttribute('data-done'), 'false');
  await app.t('tour-back').click();
  await atStep(6, '#/predict');
  await app.t('tour-next').click();
  await atStep(7, '#/monitor');

  await app.t('tour-next').click();
  await atStep(8, '#/privacy');
  await outlined('delete-all-data');
  await app.t('tour-next').click();
  await step.waitFor({ state: 'detached' });
  assert.equal(await app.page.locator('.tour-target').count(), 0);
  assert.equal(await app.t('tour-offer').count(), 0);

  await app.page.reload();
  await app.page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 60_000 });
  assert.equal(await app.t('tour-offer').count(), 0, 'the tour is offered once');
  assert.deepEqual(profile.foreignRequests(new URL(BASE_URL).origin), []);
});
