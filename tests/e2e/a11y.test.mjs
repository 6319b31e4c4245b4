// Accessibility: axe-core on every section in its filled state (sample loaded,
// models trained, tuned, compared, predictions and drift shown), in the light
// and the dark theme, with no serious or critical violation; the theme switch
// (system default, remembered); keyboard use (skip link, Tab through the
// navigation and a section, a visible focus ring on every stop); a text
// alternative behind every chart. Counts by impact are printed per section.
// Screenshots of every state in both themes go to screens/ (not committed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Profile } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const AXE = readFileSync(join(here, '../../node_modules/axe-core/axe.min.js'), 'utf8');
const PENGUINS = readFileSync(join(here, '../../crates/studio-core/data/penguins.csv'), 'utf8');
const SCREENS = process.env.SCREENS_DIR ?? join(here, '../../screens');
mkdirSync(SCREENS, { recursive: true });
const IMPACTS = ['minor', 'moderate', 'serious', 'critical'];

let profile;
let app;
const results = [];
// axe-core is injected as an inline script, which the page's own CSP rightly
// refuses: the test's browser context bypasses the policy (security.test.mjs
// checks the policy itself).
before(async () => { profile = new Profile(); app = await profile.open({ bypassCSP: true }); });
after(async () => { await profile?.dispose(); });

async function setTheme(theme) {
  await app.t('theme-select').selectOption(theme);
  await app.page.waitForFunction((t) => getComputedStyle(document.documentElement).colorScheme === t, theme);
  // Let chart images re-resolve their colour scheme before axe reads colours.
  await app.page.waitForTimeout(150);
}

async function axe() {
  if (!(await app.page.evaluate(() => typeof window.axe === 'object'))) {
    await app.page.addScriptTag({ content: AXE });
  }
  return app.page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
}

/** Runs axe in both themes and screenshots the state as `label`. */
async function check(label) {
  for (const theme of ['light', 'dark']) {
    await setTheme(theme);
    const violations = await axe();
    const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
    for (const v of violations) counts[v.impact ?? 'minor'] += v.nodes.length;
    results.push({ label, theme, counts, violations });
    await app.page.screenshot({ path: join(SCREENS, `${label}-${theme}.png`), fullPage: true });
  }
}

function report() {
  const lines = ['axe-core results (nodes by impact):', 'section                theme  minor moderate serious critical'];
  for (const r of results) {
    lines.push(`${r.label.padEnd(22)} ${r.theme.padEnd(6)} ${IMPACTS.map((i) => String(r.counts[i]).padStart(i.length)).join(' ')}`);
  }
  const rules = new Map();
  for (const r of results) for (const v of r.violations) rules.set(`${v.impact} ${v.id}: ${v.help}`, (rules.get(`${v.impact} ${v.id}: ${v.help}`) ?? 0) + v.nodes.length);
  lines.push('rules seen:', ...[...rules].map(([k, n]) => `  ${k} (${n} nodes)`));
  console.log(lines.join('\n'));
}

function bad() {
  return results.flatMap((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${r.label}/${r.theme} ${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => `${n.target} -- ${n.summary}`).join(' || ')}`));
}

/** Every chart image has a text alternative: its data in words in `alt`
 * (at least a sentence with numbers), or a table beside it. */
async function chartsHaveAlternatives(label) {
  const missing = await app.page.evaluate(() => [...document.querySelectorAll('main img')].flatMap((img) => {
    const alt = img.getAttribute('alt') ?? '';
    const holder = img.closest('figure, .card, details, section') ?? img.parentElement;
    const table = holder?.querySelector('table');
    const words = alt.trim().length >= 30 && /\d/.test(alt);
    return table || words ? [] : [`${img.closest('[data-testid]')?.dataset.testid ?? img.className}: "${alt}"`];
  }));
  const count = await app.page.locator('main img').count();
  assert.ok(count > 0, `${label}: no chart`);
  assert.deepEqual(missing, [], `${label}: charts without a text alternative`);
}

async function trainAndWait(model) {
  await app.nav('train');
  await app.t('target-select').selectOption('species');
  await app.t('model-select').selectOption(model);
  await app.t('folds-input').fill('3');
  await app.t('train-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
}

test('the theme follows the system, switches and is remembered', async () => {
  await app.page.emulateMedia({ colorScheme: 'dark' });
  await app.goto();
  assert.equal(await app.t('theme-select').inputValue(), 'system');
  assert.equal(await app.page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'dark');
  await app.page.emulateMedia({ colorScheme: 'light' });
  await app.page.waitForFunction(() => getComputedStyle(document.documentElement).colorScheme === 'light');
  const lightBg = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await app.t('theme-select').selectOption('dark');
  await app.page.reload();
  await app.page.waitForSelector('[data-testid="app"][data-ready="true"]');
  assert.equal(await app.t('theme-select').inputValue(), 'dark');
  const darkBg = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(lightBg, darkBg);
  assert.equal(await app.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await app.t('theme-select').selectOption('system');
  assert.equal(await app.page.evaluate(() => localStorage.getItem('ml-studio-theme')), null);
});

/** Puts the start of sequential focus navigation at the top of the page. */
async function focusStart() {
  await app.page.evaluate(() => {
    const root = document.querySelector('[data-testid="app"]');
    root.setAttribute('tabindex', '-1');
    root.focus();
    root.removeAttribute('tabindex');
    window.scrollTo(0, 0);
  });
}

test('keyboard: skip link, Tab through the navigation and a section, visible focus', async () => {
  await app.goto();
  await app.loadSample('penguins');
  for (const theme of ['light', 'dark']) {
    await setTheme(theme);
    await focusStart();
    await app.page.keyboard.press('Tab');
    const first = await app.page.evaluate(() => ({ testid: document.activeElement?.dataset.testid, text: document.activeElement?.textContent }));
    assert.equal(first.testid, 'skip-link', JSON.stringify(first));
    const stops = [];
    for (let i = 0; i < 40; i += 1) {
      if (i > 0) await app.page.keyboard.press('Tab');
      stops.push(await app.page.evaluate(() => {
        const el = document.activeElement;
        const cs = getComputedStyle(el);
        const rgb = (c) => (c.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
        const lum = ([r, g, b]) => {
          const f = (v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        let bgEl = el.parentElement;
        let bg = [255, 255, 255];
        while (bgEl) {
          const c = rgb(getComputedStyle(bgEl).backgroundColor);
          if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) { bg = c; break; }
          bgEl = bgEl.parentElement;
        }
        const ring = rgb(cs.outlineColor);
        const [a, b] = [lum(ring), lum(bg)];
        return {
          tag: el.tagName.toLowerCase(), testid: el.dataset.testid ?? '', name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40),
          interactive: el.matches('a[href], button, input, select, textarea, summary, [tabindex]'),
          outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
          contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
          inMain: Boolean(el.closest('main')),
        };
      }));
    }
    // Past the last control focus leaves the page (body), then starts again.
    const bad = stops.filter((s) => s.tag !== 'body' && (!s.interactive || !s.outline || s.contrast < 3));
    assert.deepEqual(bad, [], `${theme}: focus stops without a visible ring:\n${JSON.stringify(stops, null, 1)}`);
    const navStops = stops.filter((s) => s.testid.startsWith('nav-')).map((s) => s.testid);
    for (const s of ['nav-data', 'nav-explore', 'nav-train', 'nav-models', 'nav-predict', 'nav-monitor']) {
      assert.ok(navStops.includes(s), `${s} not reached by Tab: ${navStops}`);
    }
    assert.ok(stops.some((s) => s.testid === 'theme-select'), 'theme switch reached');
    assert.ok(stops.some((s) => s.inMain), 'Tab reaches the section');
  }
  // The skip link moves focus to the main region without changing the section.
  await focusStart();
  await app.page.keyboard.press('Tab');
  await app.page.keyboard.press('Enter');
  assert.equal(await app.page.evaluate(() => document.activeElement?.id), 'main');
  assert.equal(await app.page.evaluate(() => location.hash), '#/data');
  // Keyboard-only navigation: Enter on a focused nav link opens the section.
  await app.t('nav-explore').focus();
  await app.page.keyboard.press('Enter');
  await app.page.waitForFunction(() => location.hash === '#/explore');
  await app.t('column-profile').first().waitFor();
  // Form controls carry an accessible name.
  const unnamed = await app.page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => el.type !== 'hidden' && !el.disabled && el.offsetParent !== null)
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map((el) => el.outerHTML.slice(0, 120)));
  assert.deepEqual(unnamed, []);
});

test('axe-core finds no serious or critical violation in any section, in either theme', async () => {
  await app.goto();
  await check('data-empty');
  await app.loadSample('penguins');
  await check('data');
  await app.nav('explore');
  await app.t('column-profile').first().waitFor();
  await app.t('correlation-matrix').first().waitFor({ timeout: 60_000 }).catch(() => {});
  await chartsHaveAlternatives('explore');
  await check('explore');

  await trainAndWait('logistic_regression');
  await app.t('cv-result').waitFor();
  await chartsHaveAlternatives('train');
  await check('train-results');
  await app.t('save-model-button').click();

  await app.t('learning-curve-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await app.t('curve-result').waitFor();
  await chartsHaveAlternatives('curves');
  await check('train-curves');

  await app.t('tune-strategy').selectOption('random');
  await app.t('tune-trials').fill('3');
  await app.t('tune-button').click();
  assert.equal(await app.waitJob(['done', 'failed'], 300_000), 'done', await app.bannerTexts());
  await app.t('trial-row').first().waitFor();
  await check('train-tune');

  await trainAndWait('decision_tree');
  await app.t('save-model-button').click();
  await app.nav('models');
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="model-row"]').length >= 2);
  await check('models');
  const rows = app.t('model-row');
  await rows.nth(0).locator('[data-testid="model-compare-check"]').check();
  await rows.nth(1).locator('[data-testid="model-compare-check"]').check();
  await app.t('model-compare-button').click();
  await app.t('model-compare-view').waitFor();
  await check('models-compare');

  await app.nav('predict');
  await app.t('predict-model-select').waitFor();
  await check('predict');
  await app.t('predict-single-button').click();
  await app.t('predict-single-result').waitFor({ timeout: 60_000 });
  await chartsHaveAlternatives('predict-single');
  await check('predict-single');
  const lines = PENGUINS.trim().split('\n').slice(0, 41);
  await app.t('predict-file-input').setInputFiles({ name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await app.t('predict-summary').waitFor({ timeout: 60_000 });
  await check('predict-batch');

  await app.nav('monitor');
  await check('monitor');
  await app.t('drift-file-input').setInputFiles({ name: 'drift.csv', mimeType: 'text/csv', buffer: Buffer.from(PENGUINS) });
  await app.t('drift-summary').waitFor({ timeout: 120_000 });
  await chartsHaveAlternatives('monitor');
  await check('monitor-drift');

  await app.nav('privacy');
  await check('privacy');
  report();
  assert.equal(await app.bannerTexts(), '');
  assert.deepEqual(bad(), []);
});
