// The page's security policy: a Content-Security-Policy in index.html that
// allows only our own files (and Trunk's loader by hash), Subresource
// Integrity on the bundle, and not one CSP violation or foreign request while
// every section is used, a large file streamed through the reader worker
// included.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Profile, BASE_URL } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const penguins = readFileSync(join(here, '..', '..', 'crates', 'studio-core', 'data', 'penguins.csv'), 'utf8');
const profile = new Profile();
after(async () => { await profile.dispose(); });

test('CSP and SRI are present and nothing violates them in any section', async () => {
  const app = await profile.open();
  const cspConsole = [];
  app.page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) cspConsole.push(m.text()); });
  await app.page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await app.goto();

  const policy = await app.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of ["default-src 'self'", "connect-src 'self'", "worker-src 'self'", "'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'self'"]) {
    assert.ok(policy.includes(directive), `${directive} in ${policy}`);
  }
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.ok(!/[^-]'unsafe-eval'/.test(policy), 'no plain unsafe-eval');
  for (const selector of ['link[rel="modulepreload"]', 'link[rel="stylesheet"]', 'link[rel="preload"][as="fetch"]']) {
    assert.match(await app.page.locator(selector).first().getAttribute('integrity'), /^sha384-/, selector);
  }

  // Every section, with results in each.
  await app.loadSample('penguins');
  await app.nav('explore');
  await app.t('correlation-matrix').waitFor({ timeout: 60_000 });
  await app.train({ target: 'species', model: 'random_forest', folds: 3, trees: 20 });
  await app.t('learning-curve-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.t('model-row').first().waitFor();
  await Promise.all([app.page.waitForEvent('download'), app.t('model-export-json').first().click()]);
  await app.nav('predict');
  await app.t('predict-single-button').click();
  await app.t('predict-single-result').waitFor({ timeout: 60_000 });
  const rows = penguins.trim().split('\n').slice(0, 30).join('\n');
  await app.t('predict-file-input').setInputFiles({ name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
  await app.t('predict-summary').waitFor({ timeout: 60_000 });
  await Promise.all([app.page.waitForEvent('download'), app.t('predict-download').click()]);
  await app.nav('monitor');
  await app.t('drift-file-input').setInputFiles({ name: 'drift.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
  await app.t('drift-summary').waitFor({ timeout: 120_000 });
  await app.nav('privacy');
  await app.t('storage-persisted').waitFor();
  await app.t('theme-select').selectOption('dark');
  await app.t('language-select').selectOption('pt-BR');
  await app.t('language-select').selectOption('en');

  // A file over 8 MB is read by the nested reader worker (a static file).
  const line = '1.5,2.25,abc,3\n';
  const big = 'a,b,c,d\n' + line.repeat(Math.ceil(9_000_000 / line.length));
  await app.uploadData('big.csv', big);
  assert.equal(await app.t('dataset-summary').getAttribute('data-name'), 'big.csv');
  assert.ok(profile.requests.some((u) => u.endsWith('/reader-worker.js')), 'the reader worker was loaded from its file');

  const violations = await app.page.evaluate(() => window.__csp);
  assert.deepEqual(violations, []);
  assert.deepEqual(cspConsole, []);
  assert.deepEqual(profile.foreignRequests(new URL(BASE_URL).origin), []);
});
