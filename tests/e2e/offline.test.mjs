// Offline: after one visit the service worker holds the whole build, so with
// the network cut the app reloads and every part of the flow still works.
// Run from the sub-path build when the harness provides one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Profile, BASE_URL, SUBPATH_URL } from './harness.mjs';

const url = process.env.SUBPATH_URL ? SUBPATH_URL : BASE_URL;
const profile = new Profile();
after(async () => { await profile.dispose(); });

test('after one visit the app loads and works with the network cut', async () => {
  const app = await profile.open();
  await app.goto(url);
  const scope = await app.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, url, 'the worker covers the folder the app is served from');
  await app.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const cached = await app.page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('ml-studio-')));
    return (await cache.keys()).map((r) => r.url);
  });
  for (const file of ['index.html', 'worker_bg.wasm', 'worker_loader.js', 'reader-worker.js']) {
    assert.ok(cached.some((u) => u.endsWith(`/${file}`)), `${file} is precached`);
  }
  assert.ok(cached.every((u) => u.startsWith(new URL(url).origin)), 'only same-origin files');

  await profile.context.setOffline(true);
  await app.page.reload();
  await app.page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 60_000 });
  await app.loadSample('penguins');
  await app.train({ target: 'species', model: 'logistic_regression', folds: 3 });
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.t('model-row').first().waitFor();
  await app.nav('predict');
  await app.t('predict-single-button').click();
  await app.t('predict-single-result').waitFor({ timeout: 60_000 });
  await app.nav('privacy');
  await app.t('storage-persisted').waitFor();
  assert.equal(await app.t('update-notice').count(), 0, 'no new version was announced');
  await profile.context.setOffline(false);
  assert.deepEqual(profile.foreignRequests(new URL(url).origin), []);
});
