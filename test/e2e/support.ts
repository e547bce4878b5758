import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../electron/web/host';
import { createMemorySecretStore } from '../../electron/web/stores';
import { pinDemoHistory, TEST_DEMO_ANCHOR } from '../support/fixtures';

export interface Harness {
  host: WebHost;
  browser: Browser;
  page: Page;
  scratch: string;
  /** What Chromium refused under the page's CSP (the desktop app's style policy is the same): none, or close() fails. */
  cspViolations: string[];
  close(): Promise<void>;
}

/** The demo's seeded history ends at one instant in every run: see pinDemoHistory. */
export const DEMO_ANCHOR = TEST_DEMO_ANCHOR;

/** The web host on a scratch data dir with the small demo data set, and Debian's Chromium. */
export async function startHarness(options: { live?: number | null } = {}): Promise<Harness> {
  const scratch = mkdtempSync(join(tmpdir(), 'textdesk-e2e-'));
  const home = join(scratch, 'home');
  mkdirSync(home);
  const dataDir = join(scratch, 'data');
  pinDemoHistory(dataDir);
  const host = await startWebHost({
    dataDir,
    demoSize: 'small',
    demoLiveIntervalSeconds: options.live ?? null,
    secrets: createMemorySecretStore(),
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    env: { ...process.env, HOME: home },
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return {
    host,
    browser,
    page,
    scratch,
    cspViolations,
    async close() {
      await browser.close().catch(() => {});
      await host.close();
      rmSync(scratch, { recursive: true, force: true });
      if (cspViolations.length > 0) throw new Error(`The page broke its CSP ${cspViolations.length} times; the first: ${cspViolations[0]}`);
    },
  };
}

export async function until<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Waits for the status bar to read `pattern`. The status is live: a sync the live feeds or the
 * schedule start (they coalesce into a rerun right after the first) can be showing its progress
 * at the moment a test looks, so a test waits for the words instead of reading them once.
 */
export async function untilStatus(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  let last = '';
  try {
    return await until(async () => {
      last = (await page.getByRole('status').textContent()) ?? '';
      return pattern.test(last) ? last : null;
    }, timeoutMs, `the status to match ${pattern}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}; it last read "${last}"`, { cause: error });
  }
}

/** Opens the app in the harness's page and waits for the demo's first sync to land. */
export async function openAppAfterFirstSync(h: Harness): Promise<void> {
  await h.page.goto(h.host.url);
  await until(async () => (await h.host.service.handlers['sync:status']()).lastSyncedAt !== null, 60_000, 'the first sync');
}

/**
 * Opens a conversation by its id. The list is virtualized: a row far down (a delete or a new
 * text can move a conversation there) is only rendered once the list is scrolled near it.
 */
export async function openConversationIn(page: Page, id: number): Promise<void> {
  const option = page.locator(`[role="option"][data-conversation-id="${id}"]`);
  const list = page.getByRole('listbox', { name: 'Conversations' });
  await list.getByRole('option').first().waitFor();
  await list.evaluate((el) => (el.scrollTop = 0));
  for (let i = 0; i < 200 && (await option.count()) === 0; i++) {
    const end = await list.evaluate((el) => {
      el.scrollTop += el.clientHeight * 0.8;
      return el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
    });
    await page.waitForTimeout(50);
    if (end && (await option.count()) === 0) break;
  }
  await option.scrollIntoViewIfNeeded();
  await option.click();
  await page.getByRole('log', { name: 'Messages' }).locator('.message').first().waitFor();
}
