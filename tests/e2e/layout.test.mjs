// Layout robustness at 1280 px: a 10,000-column file and 300-character column
// names, categories and model names never make the page scroll sideways (wide
// tables scroll inside their own box), and the app stays responsive with
// thousands of columns (the data grid draws only the columns in view, Explore
// draws profiles and charts a page at a time). Times are printed per section.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Profile } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PENGUINS = readFileSync(join(here, '../../crates/studio-core/data/penguins.csv'), 'utf8');
const SCREENS = process.env.SCREENS_DIR ?? join(here, '../../screens');
mkdirSync(SCREENS, { recursive: true });
const SECTIONS = ['data', 'explore', 'train', 'models', 'predict', 'monitor', 'privacy'];
const LONG = `${'Very long name '.repeat(20).slice(0, 299)}Z`;

let profile;
let app;
before(async () => { profile = new Profile(); app = await profile.open(); });
after(async () => { await profile?.dispose(); });

async function noSidewaysScroll(label) {
  const m = await app.page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: innerWidth }));
  assert.ok(m.scroll <= m.inner + 1, `${label}: page is ${m.scroll} px wide in a ${m.inner} px window`);
}

/** Opens a section and returns the milliseconds until it has painted. */
async function timedNav(section) {
  const t0 = Date.now();
  await app.nav(section);
  await app.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  return Date.now() - t0;
}

function wideCsv(cols, rows) {
  const header = Array.from({ length: cols }, (_, j) => (j === 1 ? LONG : `c${j}`));
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i += 1) {
    lines.push(Array.from({ length: cols }, (_, j) => {
      if (j === 0) return i % 2 ? 'yes' : 'no';
      if (j === 2) return `${LONG.slice(0, 298)}${i % 3}`;
      return String((i * 7 + j * 3) % 13);
    }).join(','));
  }
  return lines.join('\n');
}

test('10,000 columns: no sideways page scroll, every section opens promptly', async () => {
  await app.goto();
  const t0 = Date.now();
  await app.uploadData('wide.csv', wideCsv(10_000, 50));
  const loadMs = Date.now() - t0;
  const summary = await app.attrs(app.t('dataset-summary'));
  assert.equal(summary.cols, '10000');
  assert.equal(summary.rows, '50');
  const times = { load: loadMs };
  for (const s of SECTIONS) {
    times[s] = await timedNav(s);
    await noSidewaysScroll(`wide/${s}`);
    await app.page.screenshot({ path: join(SCREENS, `wide-${s}.png`) });
  }
  console.log(`10,000 x 50 file, milliseconds: ${JSON.stringify(times)}`);
  assert.ok(times.load < 30_000, `loading took ${times.load} ms`);
  for (const s of ['data', 'explore', 'models', 'predict', 'monitor', 'privacy']) {
    assert.ok(times[s] < 5_000, `${s} took ${times[s]} ms`);
  }

  // The data grid scrolls sideways inside its box and draws only what is in view.
  await app.nav('data');
  const grid = app.t('data-grid');
  const box = await grid.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, cells: el.querySelectorAll('td').length }));
  assert.ok(box.scroll > box.client * 100, JSON.stringify(box));
  assert.ok(box.cells < 1_000, `${box.cells} cells drawn`);
  await grid.evaluate((el) => { el.scrollLeft = 140 * 5000; el.dispatchEvent(new Event('scroll')); });
  await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="data-grid"] thead th')].some((th) => th.textContent === 'c5001'));
  await noSidewaysScroll('wide/data scrolled');

  // Explore: a page of profiles, more on request.
  await app.nav('explore');
  assert.equal(await app.t('column-profile').count(), 200);
  await app.t('profile-more').click();
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="column-profile"]').length === 400);
  const long = app.page.locator('[data-testid="column-profile"]').nth(1);
  assert.equal(await long.getAttribute('data-column'), LONG);
  await noSidewaysScroll('wide/explore more');
});

test('300-character names, categories and model names keep the layout', async () => {
  const [header, ...rows] = PENGUINS.trim().split('\n');
  const cols = header.split(',');
  const island = cols.indexOf('island');
  cols[cols.indexOf('bill_length_mm')] = LONG;
  const csv = [cols.join(','), ...rows.map((r) => {
    const cells = r.split(',');
    cells[island] = `${LONG.slice(0, 290)} ${cells[island]}`;
    return cells.join(',');
  })].join('\n');
  await app.goto();
  await app.uploadData('long names.csv', csv);
  await app.train({ target: 'species', model: 'logistic_regression', folds: 3 });
  await app.t('save-model-button').click();
  await app.nav('models');
  const row = app.t('model-row').first();
  await row.waitFor();
  await row.locator('[data-testid="model-name-input"]').fill(LONG);
  await row.locator('[data-testid="model-name-input"]').dispatchEvent('change');
  await app.page.waitForFunction((n) => document.querySelector('[data-testid="model-row"]')?.dataset.name === n, LONG);

  await app.nav('predict');
  await app.t('predict-single-button').click();
  await app.t('predict-single-result').waitFor({ timeout: 60_000 });
  await app.nav('monitor');
  await app.t('drift-file-input').setInputFiles({ name: `${LONG}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await app.t('drift-summary').waitFor({ timeout: 120_000 });

  for (const s of SECTIONS) {
    await app.nav(s);
    await app.page.waitForTimeout(300);
    await noSidewaysScroll(`long/${s}`);
    await app.page.screenshot({ path: join(SCREENS, `long-${s}.png`), fullPage: true });
  }
  // Cut text keeps its full value in a title (the data grid's header).
  await app.nav('data');
  const titles = await app.page.locator('[data-testid="data-grid"] thead th').evaluateAll((ths) => ths.map((th) => th.title));
  assert.ok(titles.includes(LONG));
  // No error (the notice naming the previous test's file, to reopen it, is a warning).
  const errors = await app.page.locator('[data-testid="error-banner"][data-level="error"]').allTextContents();
  assert.deepEqual(errors, []);
});
