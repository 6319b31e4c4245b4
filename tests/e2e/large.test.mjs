// A million rows: the file streams into the worker, the profile is computed,
// and the virtualised grid shows any row on demand while the DOM stays small.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Profile } from './harness.mjs';

const N = 1_000_000;
let profile;
let app;
let dir;
let file;

// Deterministic rows: id, a number derived from it, a category.
function writeMillionRows(path) {
  const fd = openSync(path, 'w');
  writeSync(fd, 'id,value,group\n');
  const chunk = [];
  for (let i = 1; i <= N; i += 1) {
    chunk.push(`${i},${(i % 1000) / 8},g${i % 7}\n`);
    if (chunk.length === 50_000) { writeSync(fd, chunk.join('')); chunk.length = 0; }
  }
  if (chunk.length) writeSync(fd, chunk.join(''));
  closeSync(fd);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ml-studio-1m-'));
  file = join(dir, 'million.csv');
  writeMillionRows(file);
  profile = new Profile();
  app = await profile.open();
  await app.goto();
});
after(async () => { await profile?.dispose(); rmSync(dir, { recursive: true, force: true }); });

const cellOf = (row) => `[data-testid="data-grid"] tr[data-row="${row}"]`;

async function waitRow(row) {
  try {
    await app.page.waitForFunction((sel) => {
      const tr = document.querySelector(sel);
      return tr && !tr.textContent.includes('…');
    }, cellOf(row), { timeout: 30_000 });
  } catch (e) {
    const seen = await app.page.evaluate(() => {
      const g = document.querySelector('[data-testid="data-grid"]');
      return { first: g?.dataset.firstRow, top: g?.scrollTop, rows: [...(g?.querySelectorAll('tbody tr') ?? [])].map((r) => r.dataset.row + ':' + r.textContent.slice(0, 30)) };
    });
    throw new Error(`row ${row} not shown: ${JSON.stringify(seen)}`);
  }
  return app.page.locator(cellOf(row)).locator('td').allTextContents();
}

test('a 1M-row file loads, profiles and scrolls to any row', async () => {
  await app.nav('data');
  await app.t('data-file-input').setInputFiles(file);
  await app.page.waitForFunction(
    () => document.querySelector('[data-testid="dataset-summary"]')?.dataset.name === 'million.csv',
    undefined, { timeout: 120_000 });
  assert.equal(await app.waitJob(['done', 'failed'], 120_000), 'done');
  const s = await app.attrs(app.t('dataset-summary'));
  assert.deepEqual([s.rows, s.cols], [String(N), '3']);

  const grid = app.t('data-grid');
  assert.equal(await grid.getAttribute('data-rows'), String(N));
  assert.deepEqual((await waitRow(1)).slice(-3), ['1', '0.125', 'g1']);
  const domRows = () => app.page.locator('[data-testid="data-grid"] tbody tr').count();
  assert.ok((await domRows()) < 40, 'only the visible rows are in the DOM');

  // The last row, through the scaled scroll range.
  await grid.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  assert.deepEqual((await waitRow(N)).slice(-3), [String(N), '0', `g${N % 7}`]);

  // The middle, then a run of small scroll steps like a wheel.
  await grid.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await app.page.waitForFunction(() => {
    const first = Number(document.querySelector('[data-testid="data-grid"]').dataset.firstRow);
    return first > 450_000 && first < 550_000;
  });
  const first = Number(await grid.getAttribute('data-first-row'));
  const expected = [String(first), String((first % 1000) / 8), `g${first % 7}`];
  assert.deepEqual((await waitRow(first)).slice(-3), expected);
  for (let i = 0; i < 20; i += 1) {
    await grid.evaluate((el) => { el.scrollTop += 280; });
  }
  // Scroll events arrive asynchronously (at the next frames): let them land,
  // then wait until the row now at the top is drawn.
  await grid.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await app.page.waitForFunction(() => {
    const g = document.querySelector('[data-testid="data-grid"]');
    const tr = g.querySelector(`tr[data-row="${g.dataset.firstRow}"]`);
    return tr && !tr.textContent.includes('…');
  }, undefined, { timeout: 30_000 });
  const after = Number(await grid.getAttribute('data-first-row'));
  assert.ok(after > first, `scrolling moved from ${first} to ${after}`);
  const cells = await app.page.locator(cellOf(after)).locator('td').allTextContents();
  assert.deepEqual(cells.slice(-3), [String(after), String((after % 1000) / 8), `g${after % 7}`]);
  assert.ok((await domRows()) < 40, 'still only the visible rows after scrolling');

  // The profile of the whole million is there too.
  await app.nav('explore');
  const value = (await app.allAttrs('column-profile')).find((c) => c.column === 'value');
  assert.equal(value.kind, 'numeric');
  assert.equal(value.missing, '0');
  assert.equal(value.unique, '1000');
  assert.equal(Number(value.min), 0);
  assert.equal(Number(value.max), 999 / 8);
  await app.screenshot('explore-1m');
});
