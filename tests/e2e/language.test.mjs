// Interface language: English or Brazilian Portuguese, defaulting to the
// browser's language, switchable, remembered across visits; numbers shown to
// people follow the language, data-* attributes never do.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Profile, BASE_URL } from './harness.mjs';

const profiles = [];
after(async () => { for (const p of profiles) await p.dispose(); });

async function open(options) {
  const profile = new Profile();
  profiles.push(profile);
  const app = await profile.open(options);
  await app.goto();
  return { profile, app };
}

const htmlLang = (app) => app.page.evaluate(() => document.documentElement.lang);

test('an English browser gets English; switching to Portuguese is remembered', async () => {
  const { profile, app } = await open({ locale: 'en-US' });
  assert.equal(await htmlLang(app), 'en');
  assert.equal((await app.t('nav-data').textContent()).trim(), 'Data');
  await app.loadSample('penguins');
  const cv = await app.train({ target: 'species', model: 'logistic_regression', folds: 3 });
  assert.match(cv.mean, /^0\.\d+$/);
  const shownEn = await app.t('cv-result').textContent();
  assert.ok(shownEn.includes('0.'), shownEn);

  await app.t('language-select').selectOption('pt-BR');
  await app.page.waitForFunction(() => document.documentElement.lang === 'pt-BR');
  assert.equal((await app.t('nav-data').textContent()).trim(), 'Dados');
  assert.equal((await app.t('nav-train').textContent()).trim(), 'Treinar');
  // The open section keeps its results; the number shown uses a decimal
  // comma, the attribute keeps the point.
  const shownPt = await app.t('cv-result').textContent();
  assert.ok(/0,\d/.test(shownPt), shownPt);
  assert.equal((await app.attrs(app.t('cv-result'))).mean, cv.mean);

  await app.nav('privacy');
  assert.match(await app.page.locator('h1').first().textContent(), /Privacidade/);
  await app.page.reload();
  await app.page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 60_000 });
  assert.equal(await htmlLang(app), 'pt-BR');
  assert.equal((await app.t('nav-models').textContent()).trim(), 'Modelos');

  await app.t('language-select').selectOption('en');
  await app.page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal((await app.t('nav-models').textContent()).trim(), 'Models');
  assert.deepEqual(profile.foreignRequests(new URL(BASE_URL).origin), []);
});

test('a Portuguese browser starts in Portuguese; other languages start in English', async () => {
  const pt = await open({ locale: 'pt-BR' });
  assert.equal(await htmlLang(pt.app), 'pt-BR');
  assert.equal((await pt.app.t('nav-explore').textContent()).trim(), 'Explorar');
  assert.equal(await pt.app.t('language-select').inputValue(), 'pt-BR');
  const de = await open({ locale: 'de-DE' });
  assert.equal(await htmlLang(de.app), 'en');
  assert.equal((await de.app.t('nav-explore').textContent()).trim(), 'Explore');
});

test('the Privacy page says what is stored where and deletes it all', async () => {
  const { app } = await open({ locale: 'en-US' });
  await app.nav('privacy');
  const text = await app.page.locator('main').textContent();
  for (const words of ['IndexedDB', 'localStorage', 'connect-src', 'never the rows']) {
    assert.ok(text.includes(words), `the page mentions ${words}`);
  }
  await app.t('storage-persisted').waitFor();
  await app.t('delete-all-data').click();
  await app.t('confirm-yes').click();
  await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="error-banner"]')]
    .some((b) => b.textContent.includes('were deleted')));
});
