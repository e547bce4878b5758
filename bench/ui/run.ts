import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildWebAssets } from '../../electron/web/build';

/**
 * UI performance: 5,000 conversations and a 100,000-text thread, scrolled in Debian's Chromium.
 * main is replaced by an in-page generator (fakeMain.js) so the figures are the renderer's own.
 * Prints p95 frame time while scrolling and paint time after data arrives, beside the floor:
 * the frame time of the same page with nothing moving.
 *
 *   npx tsx bench/ui/run.ts [--frames 600]
 */
const framesArg = process.argv.indexOf('--frames');
const frames = framesArg > 0 ? Number(process.argv[framesArg + 1]) : 600;

const assets = await buildWebAssets();
const fakeMain = readFileSync(new URL('./fakeMain.js', import.meta.url));
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/') {
    const html = assets.get('/index.html')!.body.toString().replace('<head>', '<head><script src="/fake-main.js"></script>');
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  } else if (path === '/fake-main.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(fakeMain);
  } else {
    const file = assets.get(path);
    if (!file) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': file.contentType }).end(file.body);
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const home = mkdtempSync(join(tmpdir(), 'textdesk-bench-'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  env: { ...process.env, HOME: home },
});

/** Scrolls `selector` by `step` px per frame for n frames; returns each frame's duration (rAF to rAF). */
function scrollFrames(page: Page, selector: string, step: number, n: number): Promise<number[]> {
  // A string, not a function: tsx's name helpers would not exist in the page.
  return page.evaluate(`new Promise((resolve) => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const deltas = [];
    let last = 0;
    let i = 0;
    const frame = (t) => {
      if (last) deltas.push(t - last);
      last = t;
      el.scrollTop += ${step};
      if (++i <= ${n}) requestAnimationFrame(frame);
      else resolve(deltas);
    };
    requestAnimationFrame(frame);
  })`);
}

function stats(deltas: number[]) {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]!, over: deltas.filter((d) => d > 16.7 * 1.5).length };
}

const fmt = (n: number) => n.toFixed(1).padStart(6);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __bench: { listPaintedAt: number | null } }).__bench.listPaintedAt! > 0);
  const listPaint = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { listDataAt: number; listPaintedAt: number } }).__bench;
    return b.listPaintedAt - b.listDataAt;
  });
  const floor = stats(await scrollFrames(page, '[role="listbox"]', 0, frames));
  const listSlow = stats(await scrollFrames(page, '[role="listbox"]', 100, frames));
  const list = stats(await scrollFrames(page, '[role="listbox"]', 240, frames));
  const loadedRows = await page.evaluate(() => document.querySelector('[role="listbox"]')!.scrollTop / 72);

  await page.evaluate(() => (document.querySelector('[role="listbox"]') as HTMLElement).scrollTop = 0);
  await page.locator('[data-conversation-id="1"]').click();
  await page.waitForFunction(() => (window as unknown as { __bench: { threadPaintedAt: number | null } }).__bench.threadPaintedAt! > 0);
  const threadPaint = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { threadDataAt: number; threadPaintedAt: number } }).__bench;
    return b.threadPaintedAt - b.threadDataAt;
  });
  await page.waitForTimeout(300);
  const threadSlow = stats(await scrollFrames(page, '[role="log"]', -100, frames));
  const thread = stats(await scrollFrames(page, '[role="log"]', -240, frames));
  const loadedTexts = await page.evaluate(() => document.querySelectorAll('.message').length);
  const threadStatus = await page.locator('[role="log"]').evaluate((el) => el.scrollHeight);

  console.log(`UI benchmark (Chromium ${browser.version()}, ${frames} frames per run, frame = rAF to rAF)`);
  console.log('                                   p50     p95     max  frames>25ms   target');
  console.log(`floor: idle page                ${fmt(floor.p50)}  ${fmt(floor.p95)}  ${fmt(floor.max)}  ${String(floor.over).padStart(6)}`);
  console.log(`5,000 conversations, 100 px/fr  ${fmt(listSlow.p50)}  ${fmt(listSlow.p95)}  ${fmt(listSlow.max)}  ${String(listSlow.over).padStart(6)}       p95 <= 16.7 ms`);
  console.log(`5,000 conversations, 240 px/fr  ${fmt(list.p50)}  ${fmt(list.p95)}  ${fmt(list.max)}  ${String(list.over).padStart(6)}       p95 <= 16.7 ms`);
  console.log(`100,000-text thread, 100 px/fr  ${fmt(threadSlow.p50)}  ${fmt(threadSlow.p95)}  ${fmt(threadSlow.max)}  ${String(threadSlow.over).padStart(6)}       p95 <= 16.7 ms`);
  console.log(`100,000-text thread, 240 px/fr  ${fmt(thread.p50)}  ${fmt(thread.p95)}  ${fmt(thread.max)}  ${String(thread.over).padStart(6)}       p95 <= 16.7 ms`);
  console.log(`list painted after its data     ${fmt(listPaint)} ms                                  <= 200 ms`);
  console.log(`thread painted after its data   ${fmt(threadPaint)} ms                                  <= 200 ms`);
  console.log(`(scrolled ~${Math.round(loadedRows)} conversation rows; thread scroll height ${threadStatus} px, ${loadedTexts} bubbles in the DOM)`);
} finally {
  await browser.close();
  server.close();
  rmSync(home, { recursive: true, force: true });
}
