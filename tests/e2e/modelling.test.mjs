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
  // Any candidate can be kept, not only the last one trained.
  const second = app.t('leaderboard-row').nth(1);
  const secondModel = await second.getAttribute('data-model');
  await second.locator('[data-testid="leaderboard-save"]').click();
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="leaderboard-save"][disabled]').length === 1);
  await app.screenshot('train-compare');
  await app.nav('models');
  await app.page.waitForFunction((m) => [...document.querySelectorAll('[data-testid="model-row"]')].some((r) => r.dataset.model === m), secondModel);
});

const CLASSIFIERS = ['baseline', 'random_forest', 'extra_trees', 'gradient_boosting', 'decision_tree',
  'logistic_regression', 'knn', 'gaussian_nb', 'svm'];
const REGRESSORS = ['baseline', 'random_forest', 'extra_trees', 'gradient_boosting', 'decision_tree',
  'linear_regression', 'ridge', 'lasso', 'elastic_net', 'knn', 'svm'];

test('the model list follows the task and every classifier gives evaluation charts', async () => {
  await app.goto(BASE_URL);
  await app.loadSample('penguins');
  await app.nav('train');
  await app.t('target-select').selectOption('species');
  const options = () => app.t('model-select').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual((await options()).sort(), [...CLASSIFIERS].sort());
  // Scale-sensitive models say so and offer the fix; trees do not.
  await app.t('model-select').selectOption('knn');
  await app.t('scaling-hint').waitFor();
  await app.t('scaling-fix').click();
  assert.equal(await app.t('pipeline-scaling').inputValue(), 'standard');
  assert.equal(await app.t('scaling-hint').count(), 0);
  await app.t('pipeline-scaling').selectOption('none');
  await app.t('model-select').selectOption('random_forest');
  assert.equal(await app.t('scaling-hint').count(), 0);
  const cv = await app.train({ target: 'species', model: 'logistic_regression', folds: 5 });
  assert.equal(cv.model, 'logistic_regression');
  assert.ok(Number(cv.mean) > 0.95, `accuracy ${cv.mean}`);
  const charts = await app.allAttrs('evaluation-chart');
  assert.deepEqual(charts.map((c) => c.chart), ['confusion', 'roc', 'precision_recall', 'calibration']);
  const names = (await app.allAttrs('metric')).map((m) => m.name);
  for (const n of ['accuracy', 'balanced_accuracy', 'f1_macro', 'log_loss', 'roc_auc']) assert.ok(names.includes(n), n);
  await app.t('task-select').selectOption('regression');
  await app.t('target-select').selectOption('body_mass_g');
  assert.deepEqual((await options()).sort(), [...REGRESSORS].sort());
  await app.screenshot('train-evaluation');
});

test('regression with scaling and a hold-out split shows residual charts', async () => {
  await app.goto(BASE_URL);
  await app.loadSample('house-prices');
  await app.nav('train');
  await app.t('target-select').selectOption('preco');
  await app.t('pipeline-scaling').selectOption('standard');
  await app.t('validation-select').selectOption('holdout');
  const cv = await app.train({ target: 'preco', model: 'ridge', folds: 5 });
  assert.equal(cv.metric, 'r2');
  assert.equal(cv.folds.split(',').length, 1, 'one hold-out split');
  assert.ok(Number(cv.mean) > 0.5, `r2 ${cv.mean}`);
  const charts = (await app.allAttrs('evaluation-chart')).map((c) => c.chart);
  assert.deepEqual(charts, ['predicted_vs_actual', 'residuals', 'residual_histogram']);
});

test('a binary target gets a threshold slider that recomputes precision and recall', async () => {
  const rows = ['x,noise,label'];
  for (let i = 0; i < 300; i += 1) {
    const x = (i * 37) % 100;
    rows.push(`${x},${(i * 13) % 7},${x + ((i * 29) % 30) > 60 ? 'yes' : 'no'}`);
  }
  await app.uploadData('binary.csv', rows.join('\n') + '\n');
  const cv = await app.train({ target: 'label', model: 'gradient_boosting', folds: 4 });
  assert.equal(cv.model, 'gradient_boosting');
  const at = async (v) => {
    await app.t('threshold-slider').evaluate((el, value) => {
      el.value = String(value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, v);
    await app.page.waitForFunction((value) => Number(document.querySelector('[data-testid="threshold-metrics"]')?.dataset.threshold) === value, v);
    return app.attrs(app.t('threshold-metrics'));
  };
  const low = await at(0.1);
  const high = await at(0.9);
  assert.ok(Number(low.recall) >= Number(high.recall), `recall ${low.recall} -> ${high.recall}`);
  assert.ok(Number(high.precision) >= Number(low.precision), `precision ${low.precision} -> ${high.precision}`);
});

test('tuning runs the trials on the pool and applies the best settings', async () => {
  await app.goto(BASE_URL);
  await app.loadSample('penguins');
  await app.nav('train');
  await app.t('target-select').selectOption('species');
  await app.t('model-select').selectOption('logistic_regression');
  await app.t('tune-strategy').selectOption('random');
  await app.t('tune-trials').fill('4');
  await app.t('folds-input').fill('3');
  await app.t('tune-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  const trials = await app.allAttrs('trial-row');
  assert.equal(trials.length, 4);
  assert.ok(trials.every((t) => t.state === 'done' && Number(t.score) > 0.3), JSON.stringify(trials));
  const best = trials.find((t) => t.best === 'true');
  assert.equal(Number(best.score), Math.max(...trials.map((t) => Number(t.score))));
  const before = await app.page.locator('[data-testid="param-input"][data-param="c"]').inputValue();
  await app.t('tune-apply-best').click();
  await app.page.waitForFunction((b) => document.querySelector('[data-testid="param-input"][data-param="c"]').value !== b, before);
  await app.screenshot('train-tuning');
});

test('a learning curve and a validation curve say whether the model over- or under-fits', async () => {
  await app.goto(BASE_URL);
  await app.loadSample('house-prices');
  await app.nav('train');
  await app.t('target-select').selectOption('preco');
  await app.t('model-select').selectOption('decision_tree');
  await app.t('folds-input').fill('3');
  await app.t('learning-curve-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  const learning = app.t('curve-result');
  assert.equal(await learning.getAttribute('data-kind'), 'learning_curve');
  assert.equal(await learning.getAttribute('data-points'), '5');
  // A fully grown regression tree reproduces its own rows (r² = 1) but not
  // the noise of new ones: a wide gap, so over-fitting.
  assert.equal(await learning.getAttribute('data-verdict'), 'overfits');
  const chart = learning.locator('[data-testid="evaluation-chart"][data-chart="learning_curve"]');
  assert.match(await chart.locator('.reading').innerText(), /over-fits/);
  assert.equal(await chart.locator('tbody tr').count(), 5);
  await app.screenshot('train-learning-curve');

  // On penguins a tree of depth 1 cannot separate three species.
  await app.loadSample('penguins');
  await app.nav('train');
  await app.t('target-select').selectOption('species');
  await app.t('model-select').selectOption('decision_tree');
  await app.t('folds-input').fill('3');

  await app.t('validation-curve-param').selectOption('max_depth');
  await app.t('validation-curve-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  const validation = app.t('curve-result');
  assert.equal(await validation.getAttribute('data-kind'), 'validation_curve');
  assert.ok(Number(await validation.getAttribute('data-points')) >= 4);
  const reading = await validation.locator('.reading').innerText();
  assert.match(reading, /best held-out score, 0\.\d+, is at max_depth = \d+/);
  assert.match(reading, /max_depth = 1\b.*under-fits/);
  await app.screenshot('train-validation-curve');
});
