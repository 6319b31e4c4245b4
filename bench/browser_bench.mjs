// Browser half of `cargo xtask bench`: trains the benchmark CSV in the real app
// (Debian's Chromium through playwright-core) and prints one JSON line.
//
// Usage: BASE_URL=http://127.0.0.1:PORT/ node bench/browser_bench.mjs DATA.csv
// Uploads the file, trains a 100-tree random forest with 5-fold CV and seed 42
// on `label` (with `y_reg` unticked), and reads the worker's own timing from
// [data-testid="cv-result"]. Meanwhile a 20 ms setInterval on the page records
// the longest gap between ticks: how long the UI thread was ever blocked.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ARGS, BASE_URL, CHROMIUM, t } from './chromium.mjs';

const TRAIN_TIMEOUT_MS = 10 * 60_000;

async function nav(page, section) {
  await t(page, `nav-${section}`).click();
  await page.waitForFunction((s) => location.hash === `#/${s}`, section);
}

async function upload(page, file) {
  await nav(page, 'data');
  await t(page, 'data-file-input').setInputFiles(file);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="dataset-summary"]')?.dataset.name === n,
    basename(file), { timeout: 120_000 });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="job-status"]')?.dataset.state === 'done',
    null, { timeout: 120_000 });
}

async function fillForm(page) {
  await nav(page, 'train');
  await t(page, 'target-select').selectOption('label');
  const yReg = page.locator('[data-testid="feature-toggle"][data-column="y_reg"]');
  if (await yReg.count() && await yReg.isChecked()) await yReg.uncheck();
  await t(page, 'model-select').selectOption('random_forest');
  await page.locator('[data-testid="param-input"][data-param="n_trees"]').fill('100');
  await t(page, 'folds-input').fill('5');
  await t(page, 'seed-input').fill('42');
}

/** Starts the 20 ms tick recorder on the page. */
async function startTicker(page) {
  await page.evaluate(() => {
    const b = { max: 0, ticks: 0, last: performance.now() };
    b.id = setInterval(() => {
      const now = performance.now();
      b.max = Math.max(b.max, now - b.last);
      b.last = now;
      b.ticks += 1;
    }, 20);
    window.__bench = b;
  });
}

async function stopTicker(page) {
  return page.evaluate(() => {
    const b = window.__bench;
    clearInterval(b.id);
    return { max: b.max, ticks: b.ticks };
  });
}

async function trainAndWait(page) {
  const start = Date.now();
  await t(page, 'train-button').click();
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="job-status"]')?.dataset.state;
    const r = document.querySelector('[data-testid="cv-result"]');
    return s === 'failed' || (s === 'done' && r !== null);
  }, null, { timeout: TRAIN_TIMEOUT_MS, polling: 100 });
  const wall = (Date.now() - start) / 1000;
  const state = await t(page, 'job-status').getAttribute('data-state');
  if (state !== 'done') {
    const banner = (await t(page, 'error-banner').allTextContents()).join(' | ');
    throw new Error(`training ended ${state}: ${banner}`);
  }
  return wall;
}

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: browser_bench.mjs DATA.csv');
  const dir = mkdtempSync(join(tmpdir(), 'ml-studio-bench-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM, headless: true, args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(BASE_URL);
    await page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 60_000 });
    await upload(page, resolve(file));
    await fillForm(page);
    await startTicker(page);
    const wall = await trainAndWait(page);
    const gap = await stopTicker(page);
    const cv = await t(page, 'cv-result').evaluate((el) => ({ ...el.dataset }));
    console.log(JSON.stringify({
      case: 'browser',
      cv_seconds: Number(cv.seconds),
      wall_seconds: wall,
      cv_accuracy: Number(cv.mean),
      cv_std: Number(cv.std),
      metric: cv.metric,
      max_gap_ms: gap.max,
      ticks: gap.ticks,
    }));
  } finally {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`browser_bench: ${e.message ?? e}`); process.exit(1); });
