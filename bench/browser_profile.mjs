// Browser half of `cargo xtask bench`'s profiling section: loads CSVs into the
// real app (Debian's Chromium through playwright-core) and prints one JSON line.
//
// Usage: BASE_URL=http://127.0.0.1:PORT/ node bench/browser_profile.mjs A.csv [B.csv ...]
// Prints one flat JSON line per file (`case: "browser_profile"`); messages have
// quotes and backslashes replaced, so xtask's flat reader can take them.
// Each file gets a fresh browser (so one file's memory does not carry into the
// next): open the app, setInputFiles with the file's path, then wait (5 min at
// most) for [data-testid="dataset-summary"] naming the file and the job bar in
// state `done`. Reported per file: the worker's own time (`data-seconds`: read,
// profile, charts, correlations, alerts) and the wall time from setInputFiles to
// the summary. A failure (job `failed`, an error banner, a renderer crash, a
// timeout) is recorded with its message and the next file still runs.
//
// Memory: every 100 ms we read VmRSS from /proc/<pid>/status of every process
// descended from this node process (Chromium's browser, zygotes, GPU/utility and
// renderer processes). The dedicated worker runs as a thread inside the page's
// renderer process, so the renderer's RSS holds both wasm heaps (page and
// worker) and the JS copies of the file. We report the peak renderer RSS, the
// peak sum over all Chromium processes (an upper bound: shared pages are counted
// once per process) and both values just before the upload. CDP's
// Performance.getMetrics was not used: it sees the page's JS heap only, not the
// worker's wasm memory, which is where the table lives.
import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ARGS, BASE_URL, CHROMIUM } from './chromium.mjs';

const LOAD_TIMEOUT_MS = 5 * 60_000;
const SAMPLE_MS = 100;

/** `{pid: ppid}` of every process we can read. */
function parents() {
  const map = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the parenthesised command name: state, ppid, ...
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(name), Number(rest[1]));
    } catch { /* the process ended */ }
  }
  return map;
}

/** Pids descended from `root`. */
function descendants(root) {
  const ppid = parents();
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of ppid) {
      if (!found.has(pid) && found.has(parent)) { found.add(pid); grew = true; }
    }
  }
  found.delete(root);
  return [...found];
}

/** `{rssMb, renderer}` of one process, or null when it is gone. */
function processMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return { rssMb: (kb * 1024) / 1e6, renderer: cmd.includes('--type=renderer') };
  } catch {
    return null;
  }
}

/** Current RSS: all Chromium processes summed, and the largest renderer. */
function sample() {
  let total = 0;
  let renderer = 0;
  for (const pid of descendants(process.pid)) {
    const m = processMemory(pid);
    if (!m) continue;
    total += m.rssMb;
    if (m.renderer) renderer = Math.max(renderer, m.rssMb);
  }
  return { total, renderer };
}

/** Starts sampling every 100 ms; `stop()` returns the peaks. */
function startSampler() {
  const peak = { total: 0, renderer: 0, samples: 0 };
  const tick = () => {
    const s = sample();
    peak.total = Math.max(peak.total, s.total);
    peak.renderer = Math.max(peak.renderer, s.renderer);
    peak.samples += 1;
  };
  tick();
  const id = setInterval(tick, SAMPLE_MS);
  return { stop: () => { clearInterval(id); tick(); return peak; } };
}

/** One line, no quotes or backslashes. */
const clean = (s) => s.replace(/["\\]/g, "'").replace(/\s+/g, ' ').trim();

const round = (v, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

/** Stages shown by the job bar, in order, with the key each is reported under. */
const STAGES = [
  ['reading the file', 'stage_read_seconds'],
  ['parsing', 'stage_parse_seconds'],
  ['profiling', 'stage_profile_seconds'],
  ['charts and alerts', 'stage_charts_seconds'],
];

/**
 * Runs in the page before the upload: records `[label, Date.now()]` each time
 * the job bar's text changes, and when the summary first appears, into
 * `window.__stages` (a MutationObserver, so no polling delay).
 */
function watchStages() {
  const log = [];
  window.__stages = log;
  let last = null;
  const look = () => {
    const now = Date.now();
    const text = document.querySelector('[data-testid="job-status"]')?.textContent?.trim() ?? '';
    if (text !== last) { last = text; log.push([text, now]); }
    if (!log.some(([t]) => t === 'summary') && document.querySelector('[data-testid="dataset-summary"]')) {
      log.push(['summary', now]);
    }
  };
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
}

/**
 * How long each stage was shown, in seconds, from `window.__stages` and the
 * upload's start (Node's clock; the page's is the same machine's):
 * `stage_start_seconds` from the upload to the first stage shown, one
 * `stage_<name>_seconds` per worker stage up to the next one shown, and
 * `stage_render_seconds` from the answer arriving (the bar shows `done`) to the
 * summary on the page. The worker's last stage therefore also holds encoding
 * the answer, posting it and decoding it in the page.
 */
function stageSeconds(log, start) {
  const first = (label) => log.find(([t]) => t.endsWith(`: ${label}`) || t === label)?.[1];
  const marks = [
    ...STAGES.map(([label, key]) => [key, first(label)]),
    ['stage_render_seconds', first('done')],
    ['', first('summary')],
  ].filter(([, at]) => at !== undefined);
  const out = {};
  let prev = ['stage_start_seconds', start];
  for (const [key, at] of marks) {
    out[prev[0]] = round((at - prev[1]) / 1000, 3);
    prev = [key, at];
  }
  return out;
}

/** Resolves with how the load ended: done, failed (job or banner) or crashed. */
async function waitForOutcome(page, name) {
  const crashed = new Promise((res) => page.once('crash', () => res({ state: 'crashed' })));
  const settled = page.waitForFunction((n) => {
    const q = (id) => document.querySelector(`[data-testid="${id}"]`);
    const state = q('job-status')?.dataset.state;
    const summary = q('dataset-summary');
    if (state === 'done' && summary?.dataset.name === n) {
      return { state: 'done', seconds: summary.dataset.seconds };
    }
    const banner = q('error-banner');
    if (state === 'failed' || banner) {
      const text = banner?.querySelector(".banner-text")?.textContent ?? banner?.textContent;
      return { state: "failed", message: text ?? `job ${state}` };
    }
    return null;
  }, name, { timeout: LOAD_TIMEOUT_MS, polling: 50 }).then((h) => h.jsonValue());
  return Promise.race([settled, crashed]);
}

/** Loads one file in a fresh browser; never throws. */
async function loadOne(file) {
  const dir = mkdtempSync(join(tmpdir(), 'ml-studio-profile-'));
  const name = basename(file);
  let context;
  let sampler;
  const result = { case: 'browser_profile', file: name };
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM, headless: true, args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(BASE_URL);
    await page.waitForSelector('[data-testid="app"][data-ready="true"]', { timeout: 60_000 });
    await page.locator('[data-testid="nav-data"]').click();
    const before = sample();
    result.renderer_before_mb = round(before.renderer);
    result.total_before_mb = round(before.total);
    await page.evaluate(watchStages);
    sampler = startSampler();
    const start = Date.now();
    await page.locator('[data-testid="data-file-input"]').setInputFiles(file);
    const outcome = await waitForOutcome(page, name);
    result.wall_seconds = round((Date.now() - start) / 1000, 3);
    result.state = outcome.state;
    if (outcome.state === 'done') {
      result.worker_seconds = Number(outcome.seconds);
      Object.assign(result, stageSeconds(await page.evaluate(() => window.__stages), start));
      const rows = await page.locator('[data-testid="dataset-summary"]').getAttribute('data-rows');
      result.rows = Number(rows);
    } else {
      result.error = clean(outcome.message ?? outcome.state);
    }
  } catch (e) {
    result.state = 'error';
    result.error = clean(String(e.message ?? e).split('\n')[0]);
  } finally {
    if (sampler) {
      const peak = sampler.stop();
      result.peak_renderer_mb = round(peak.renderer);
      result.peak_total_mb = round(peak.total);
      result.samples = peak.samples;
    }
    await context?.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: browser_profile.mjs FILE.csv [...]');
  for (const f of files) console.log(JSON.stringify(await loadOne(resolve(f))));
}

main().catch((e) => { console.error(`browser_profile: ${e.message ?? e}`); process.exit(1); });
