// Shared end-to-end harness: launches Debian's Chromium through playwright-core,
// records every request (to prove nothing leaves the origin), and offers page
// objects built only on the data-testids of shared/ui-contract.md.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
export const SUBPATH_URL = process.env.SUBPATH_URL ?? 'http://127.0.0.1:8080/studio/';
const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = join(here, 'screenshots');
export const ARTIFACTS = join(here, 'artifacts');
mkdirSync(SCREENSHOTS, { recursive: true });
mkdirSync(ARTIFACTS, { recursive: true });

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A browser profile on disk, so storage survives a restart of the browser. */
export class Profile {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'ml-studio-e2e-'));
    this.requests = [];
    this.consoleErrors = [];
  }
  /** Opens the browser; `options` adds context options such as `locale`. */
  async open(options = {}) {
    this.context = await chromium.launchPersistentContext(this.dir, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ARGS,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    this.context.on('request', (r) => this.requests.push(r.url()));
    const page = this.context.pages()[0] ?? (await this.context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') this.consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => this.consoleErrors.push(String(e)));
    return new App(page);
  }
  async close() { await this.context?.close(); this.context = undefined; }
  async dispose() { await this.close(); rmSync(this.dir, { recursive: true, force: true }); }
  /** Requests that went anywhere but `origin` (blob: and data: are local). */
  foreignRequests(origin) {
    return this.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  }
}

export class App {
  constructor(page) { this.page = page; }
  t(id) { return this.page.locator(`[data-testid="${id}"]`); }
  async goto(url = BASE_URL) {
    await this.page.goto(url);
    await this.page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 60_000 });
  }
  async nav(section) {
    await this.t(`nav-${section}`).click();
    await this.page.waitForFunction((s) => location.hash === `#/${s}`, section);
  }
  async waitJob(states = ['done'], timeout = 120_000) {
    await this.page.waitForFunction(
      (s) => s.includes(document.querySelector('[data-testid="job-status"]')?.dataset.state),
      states, { timeout });
    return this.t('job-status').getAttribute('data-state');
  }
  async loadSample(id) {
    await this.nav('data');
    await this.t('sample-select').selectOption(id);
    await this.t('sample-load').click();
    await this.t('dataset-summary').waitFor();
    await this.waitJob(['done']);
  }
  async uploadData(name, text) {
    await this.nav('data');
    await this.t('data-file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await this.page.waitForFunction((n) => document.querySelector('[data-testid="dataset-summary"]')?.dataset.name === n, name);
    await this.waitJob(['done', 'failed']);
  }
  async train({ target, model = 'random_forest', folds = 5, seed = 42, trees, wait = true } = {}) {
    await this.nav('train');
    if (target) await this.t('target-select').selectOption(target);
    await this.t('model-select').selectOption(model);
    if (trees !== undefined) await this.page.locator('[data-testid="param-input"][data-param="n_trees"]').fill(String(trees));
    await this.t('folds-input').fill(String(folds));
    await this.t('seed-input').fill(String(seed));
    await this.t('train-button').click();
    if (wait) {
      const state = await this.waitJob(['done', 'failed'], 300_000);
      if (state !== 'done') throw new Error(`training ended ${state}: ${await this.bannerTexts()}`);
      return this.attrs(this.t('cv-result'));
    }
  }
  async attrs(locator) {
    return locator.evaluate((el) => ({ ...el.dataset }));
  }
  async allAttrs(id) {
    return this.t(id).evaluateAll((els) => els.map((el) => ({ ...el.dataset })));
  }
  async bannerTexts() { return (await this.t('error-banner').allTextContents()).join(' | '); }
  async screenshot(name) { await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }); }
}
