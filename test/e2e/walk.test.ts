import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation, ProviderKind } from '../../shared/model';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { openAppAfterFirstSync, startHarness, until, type Harness } from './support';

/**
 * Issue 14, the walk a demanding user made: each item checked in Chromium against the web host
 * and the demo (fixed anchor), at the sizes and themes the issue names.
 */
const timeout = 120_000;
let h: Harness;
const extraServers: DemoServer[] = [];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function conversationsOf(provider: ProviderKind, predicate: (c: Conversation) => boolean = () => true): Promise<Conversation[]> {
  const accounts = await h.host.service.handlers['accounts:list']();
  const account = accounts.find((a) => a.provider === provider)!;
  const { conversations } = await h.host.service.handlers['conversations:list']({ accountId: account.id, limit: 500 });
  return conversations.filter(predicate);
}

const list = () => h.page.getByRole('listbox', { name: /Conversations$/ });
const log = () => h.page.getByRole('log', { name: 'Messages' });
const row = (id: number) => h.page.locator(`[role="option"][data-conversation-id="${id}"]`);

/**
 * Scrolls the virtualized list until the row is rendered; false if it is not in the list at all.
 * A refresh can re-render the rows between finding one and scrolling to it: then it looks again.
 */
async function findRow(id: number): Promise<boolean> {
  await list().getByRole('option').first().waitFor();
  for (let attempt = 0; attempt < 5; attempt++) {
    await list().evaluate((el) => (el.scrollTop = 0));
    let end = false;
    for (let i = 0; i < 100 && (await row(id).count()) === 0 && !end; i++) {
      end = await list().evaluate((el) => {
        el.scrollTop += el.clientHeight * 0.8;
        return el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      });
      await h.page.waitForTimeout(50);
    }
    if ((await row(id).count()) === 0) {
      if (end) return false;
      continue;
    }
    try {
      await row(id).scrollIntoViewIfNeeded({ timeout: 3000 });
      return true;
    } catch {
      await h.page.waitForTimeout(200);
    }
  }
  return false;
}

async function openConversation(id: number) {
  if (!(await findRow(id))) throw new Error(`Conversation ${id} is not in the list`);
  await row(id).click();
  await log().locator('.message').first().waitFor();
}

/** axe-core's serious and critical findings on the page, or inside `scope` (a modal: what is behind its backdrop is dimmed on purpose). */
async function seriousViolations(scope?: string): Promise<string[]> {
  if (!(await h.page.evaluate(() => 'axe' in window))) await h.page.evaluate(axeSource);
  return h.page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run: (context: Element | Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(selector ? document.querySelector(selector)! : document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, scope ?? null);
}

async function setTheme(theme: 'light' | 'dark') {
  await h.host.service.handlers['settings:set']({ theme });
  await h.page.reload();
  await until(async () => (await h.page.evaluate(() => document.documentElement.dataset.theme)) === theme, 10_000, `the ${theme} theme`);
  await list().getByRole('option').first().waitFor();
}

function intersects(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('issue 14: the inbox a team lives in all day', () => {
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    h = await startHarness();
    // A stand-in for the browser's notification centre: what the page shows is recorded.
    await h.page.addInitScript(() => {
      const shown: Array<{ title: string; body: string }> = [];
      (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      class RecordingNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body?: string } = {}) {
          shown.push({ title, body: options.body ?? '' });
        }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
    });
    await openAppAfterFirstSync(h);
    await list().getByRole('option').first().waitFor({ timeout: 30_000 });
  }, timeout);

  // Each item starts from a freshly loaded inbox at 1280×800, whatever the one before left open.
  beforeEach(async () => {
    if (h.page.isClosed()) return;
    await h.page.setViewportSize({ width: 1280, height: 800 });
    await h.page.goto(h.host.url);
    await list().getByRole('option').first().waitFor({ timeout: 30_000 });
  }, timeout);

  afterAll(async () => {
    await h?.close();
    for (const server of extraServers) await server.close();
  }, timeout);

  it('1. keeps the open conversation, its header and buttons under "Unread only" after it is read', async () => {
    const [unread] = await conversationsOf('inkbox', (c) => c.unreadCount > 0 && c.totalCount > 3);
    await h.page.getByRole('button', { name: 'Unread only' }).click();
    await until(async () => (await h.page.getByRole('button', { name: 'Unread only' }).getAttribute('aria-pressed')) === 'true', 5000, 'the filter');
    const name = await (async () => {
      await findRow(unread!.id);
      return row(unread!.id).locator('.conversation-party').textContent();
    })();
    await openConversation(unread!.id);
    await until(async () => (await h.host.service.handlers['conversations:get']({ conversationId: unread!.id })).unreadCount === 0, 10_000, 'the read');
    // A refetch of the filtered list (as data:changed makes) must not take the header away.
    await h.page.waitForTimeout(800);
    const header = h.page.locator('.thread-header');
    await expect(header.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(name);
    await header.getByRole('button', { name: /Mark unread/ }).waitFor();
    expect(await row(unread!.id).count()).toBe(1);
    await h.page.getByRole('button', { name: 'Unread only' }).click();
  }, timeout);

  it('2. confirms in a real modal over the window: focus held inside, returned on Esc', async () => {
    await h.page.getByRole('button', { name: 'Settings' }).click();
    const settings = h.page.getByRole('dialog', { name: 'Settings' });
    await settings.waitFor();
    const remove = settings.getByRole('button', { name: /^Remove / }).first();
    await remove.focus();
    await remove.press('Enter');
    const confirm = h.page.getByRole('alertdialog', { name: 'Remove this account?' });
    await confirm.waitFor();
    // The backdrop is the whole window, not one row.
    const backdrop = await h.page.locator('.modal-backdrop').last().boundingBox();
    expect(backdrop).toMatchObject({ x: 0, y: 0, width: 1280, height: 800 });
    for (let i = 0; i < 5; i++) {
      await h.page.keyboard.press('Tab');
      expect(await confirm.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await h.page.keyboard.press('Shift+Tab');
    expect(await confirm.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await seriousViolations('[role="alertdialog"]')).toEqual([]);
    await h.page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await remove.evaluate((el) => el === document.activeElement)).toBe(true);
    await h.page.keyboard.press('Escape');
    await settings.waitFor({ state: 'detached' });
  }, timeout);

  it('3. opens the newest text\'s menu on screen and above the rows', async () => {
    const [conversation] = await conversationsOf('inkbox', (c) => c.totalCount > 8);
    await openConversation(conversation!.id);
    await until(() => log().evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2), 10_000, 'the bottom');
    const newest = log().locator('.message').last();
    await newest.hover();
    await newest.getByRole('button', { name: 'Text actions' }).click();
    const menu = h.page.getByRole('menu', { name: 'Text actions' });
    await menu.waitFor();
    const box = (await menu.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    // Nothing covers it: the point under each item is the item itself.
    for (const item of await menu.getByRole('menuitem').all()) {
      const b = (await item.boundingBox())!;
      const top = await h.page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('[role="menuitem"]')?.textContent ?? null, [b.x + b.width / 2, b.y + b.height / 2]);
      expect(top).toBe(await item.textContent());
    }
    await h.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  }, timeout);

  it('4. opens threads with pictures at the newest text, and stays there as they load', async () => {
    const withImages = new Set<number>();
    const hits = await h.host.service.handlers['search:query']({ query: 'has:image', sort: 'newest', limit: 200 });
    for (const hit of hits.hits) {
      const latest = (await h.host.service.handlers['thread:page']({ conversationId: hit.conversation.id, limit: 20 })).messages;
      if (latest.some((m) => m.media.some((x) => x.contentType.startsWith('image/')))) withImages.add(hit.conversation.id);
      if (withImages.size >= 5) break;
    }
    expect(withImages.size).toBeGreaterThan(0);
    for (const id of withImages) {
      if (!(await findRow(id))) continue;
      await row(id).click();
      await log().locator('.message').first().waitFor();
      const images = log().locator('img[alt="Image attachment"]');
      await until(() => images.count(), 30_000, 'a picture');
      await until(() => images.evaluateAll((all) => all.every((img) => (img as HTMLImageElement).complete)), 30_000, 'the pictures to load');
      await h.page.waitForTimeout(300);
      const gap = await log().evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
      expect(gap, `conversation ${id}`).toBeLessThan(2);
    }
  }, 300_000);

  it('5. adapts to 900 and 760 px: no sideways scrolling, one sidebar scroll area, the thread keeps its room', async () => {
    const [conversation] = await conversationsOf('inkbox', (c) => c.totalCount > 5);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme);
      await h.page.setViewportSize({ width: 1280, height: 800 });
      await openConversation(conversation!.id);
      await h.page.waitForTimeout(300);
      await h.page.screenshot({ path: `test-results/walk-1280-${theme}.png` });
      await h.page.setViewportSize({ width: 900, height: 700 });
      await h.page.waitForTimeout(300);
      await h.page.screenshot({ path: `test-results/walk-900-${theme}.png` });
      const thread = (await h.page.locator('.thread').boundingBox())!;
      expect(thread.width).toBeGreaterThan(420);
      expect(await log().evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(await h.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // One scroll area in the sidebar, whatever overflows.
      const scrollers = await h.page.locator('nav.sidebar, nav.sidebar *').evaluateAll(
        (all) => all.filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY)).length,
      );
      expect(scrollers).toBe(1);
      // The status reads on a line or two, not three.
      const status = (await h.page.getByRole('status', { name: 'Sync status' }).boundingBox())!;
      expect(status.height).toBeLessThan(60);
      await h.page.setViewportSize({ width: 760, height: 700 });
      await h.page.waitForTimeout(300);
      await h.page.screenshot({ path: `test-results/walk-760-${theme}.png` });
      expect(await h.page.locator('.list-pane').isVisible()).toBe(false);
      expect(await h.page.locator('nav.sidebar').isVisible()).toBe(true);
      await h.page.getByRole('button', { name: 'Back to conversations' }).click();
      await list().waitFor();
      expect(await h.page.locator('.thread').isVisible()).toBe(false);
      expect(await h.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    await h.page.setViewportSize({ width: 1280, height: 800 });
    await setTheme('light');
  }, 300_000);

  it('5b. shows each number, account name and the list title whole, from 1280 down to 760 px', async () => {
    await h.page.getByRole('button', { name: /^All numbers/ }).click();
    const cut = () =>
      h.page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('nav.sidebar .number-label, nav.sidebar .number-name, nav.sidebar .number-sub, nav.sidebar .account-name, .list-title')]
          .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth)
          .map((el) => `"${el.textContent}" (${el.clientWidth} of ${el.scrollWidth} px)`),
      );
    // Either side of each breakpoint (1100, 960, 860): the sidebar's numbers and the list's title must fit.
    for (const width of [1280, 1101, 1100, 1050, 961, 960, 900, 861, 860, 760]) {
      await h.page.setViewportSize({ width, height: 760 });
      await h.page.waitForTimeout(150);
      expect(await cut(), `at ${width} px`).toEqual([]);
    }
    await h.page.setViewportSize({ width: 1050, height: 760 });
    await h.page.screenshot({ path: 'test-results/walk-1050.png' });
    await h.page.setViewportSize({ width: 1280, height: 800 });
  }, timeout);

  it('6. names the account whose server hangs within seconds, while the others sync', async () => {
    const demo = h.host.demo!.inkbox()!;
    demo.setFaults({ latencyMs: 9_000 });
    try {
      await h.page.getByRole('button', { name: 'Sync now' }).click();
      const status = h.page.getByRole('status', { name: 'Sync status' });
      await until(async () => /Demo: Not answering/.test((await status.textContent()) ?? ''), 15_000, 'the hung account to be named');
      await h.page.screenshot({ path: 'test-results/walk-hung-account.png' });
      const text = (await status.textContent()) ?? '';
      expect(text).not.toMatch(/Offline/);
      expect(await h.page.locator('.offline-banner').textContent()).toMatch(/demo server is not answering \(Demo\); the other accounts keep syncing/);
    } finally {
      demo.setFaults({});
    }
    await until(async () => (await h.host.service.handlers['sync:status']()).state === 'idle', 90_000, 'the sync to end');
  }, timeout);

  it('7. shows absolute times on hover and a conversation\'s search hits newest first', async () => {
    const time = list().locator('.conversation-time').first();
    expect(await time.getAttribute('title')).toMatch(/\b20\d\d\b.*\d:\d\d/);
    const search = h.page.getByRole('searchbox', { name: 'Search messages' });
    await search.fill('the');
    const results = h.page.getByRole('list', { name: 'Search results' });
    await results.locator('.hit').first().waitFor();
    await until(async () => !(await h.page.locator('.search-summary').textContent())?.includes('Searching'), 10_000, 'results');
    const groups = await results.locator('.hits').evaluateAll((all) =>
      all.map((ul) => [...ul.querySelectorAll('time')].map((t) => Date.parse(t.getAttribute('datetime') ?? ''))),
    );
    expect(groups.some((g) => g.length > 1)).toBe(true);
    for (const times of groups) expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await results.locator('.hit-time').first().getAttribute('title')).toMatch(/\b20\d\d\b/);
    await search.fill('');
  }, timeout);

  it('8. gives avatars initials from a name, an icon otherwise, never digits', async () => {
    const avatars = await h.page.locator('.avatar').evaluateAll((all) => all.map((a) => ({ text: `${a.textContent ?? ''}${a.getAttribute('data-initials') ?? ''}`, icon: !!a.querySelector('svg') })));
    expect(avatars.length).toBeGreaterThan(3);
    for (const avatar of avatars) expect(avatar.text).not.toMatch(/\d/);
    expect(avatars.some((a) => a.icon)).toBe(true);
    const titled = (await conversationsOf('linq', (c) => !!c.title))[0];
    if (titled) {
      await findRow(titled.id);
      const initials = await row(titled.id).locator('.avatar').getAttribute('data-initials');
      expect(initials).toMatch(/^\p{Lu}{1,2}$/u);
    }
  }, timeout);

  it('9. says which line each conversation is on in "All numbers"', async () => {
    const numbers = await h.host.service.handlers['numbers:list']();
    expect(numbers.length).toBeGreaterThan(1);
    const [conversation] = await conversationsOf('inkbox');
    await findRow(conversation!.id);
    const number = numbers.find((n) => n.id === conversation!.numberId)!;
    const line = row(conversation!.id).locator('.conversation-line');
    expect(await line.getAttribute('title')).toContain(number.phoneNumber.slice(-4));
    expect(await line.textContent()).toBe(number.label ?? `··${number.phoneNumber.slice(-4)}`);
    expect(await row(conversation!.id).getAttribute('aria-label')).toMatch(new RegExp(`, on [^,]*${number.phoneNumber.slice(-4, -2)}.?${number.phoneNumber.slice(-2)}`));
  }, timeout);

  it('10. links web addresses, e-mail addresses and phone numbers; a phone number opens its conversation', async () => {
    const demo = h.host.demo!.inkbox()!;
    const [first, other] = await conversationsOf('inkbox', (c) => !c.isGroup && /^\+\d+$/.test(c.remote) && c.totalCount > 2);
    const numbers = await h.host.service.handlers['numbers:list']();
    const sameLine = (await conversationsOf('inkbox', (c) => c.numberId === first!.numberId && c.id !== first!.id && /^\+\d+$/.test(c.remote)))[0] ?? other!;
    const providerNumber = numbers.find((n) => n.id === first!.numberId)!.providerId;
    demo.insertInbound(providerNumber, first!.remote, `See https://example.com/menu?x=1, write to desk@example.com or call ${sameLine.remote}.`);
    await h.host.service.syncNow('user');
    await openConversation(first!.id);
    const bubble = log().locator('.message').filter({ hasText: 'example.com/menu' }).last();
    await bubble.waitFor();
    await until(() => log().evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2), 10_000, 'the bottom');
    const web = bubble.locator('a[href="https://example.com/menu?x=1"]');
    expect(await web.getAttribute('target')).toBe('_blank');
    expect(await web.getAttribute('rel')).toMatch(/noopener/);
    expect(await bubble.locator('a[href="mailto:desk@example.com"]').count()).toBe(1);
    const phone = bubble.locator(`a[href="tel:${sameLine.remote}"]`);
    await phone.click();
    await until(async () => (await h.page.locator('.thread-header h2').textContent()) !== (await row(first!.id).locator('.conversation-party').textContent()), 10_000, 'the other conversation');
    const state = await h.host.service.handlers['conversations:get']({ conversationId: sameLine.id });
    expect(await h.page.locator('.thread').getAttribute('aria-label')).toContain((await h.page.locator('.thread-header h2').textContent())!);
    expect(state.id).toBe(sameLine.id);
  }, timeout);

  it('11. counts unread texts in the tab title, notifies in the browser, and marks where new texts begin', async () => {
    const numbers = await h.host.service.handlers['numbers:list']();
    const unreadTotal = numbers.reduce((sum, n) => sum + n.unreadCount, 0);
    await until(async () => (await h.page.title()) === `(${unreadTotal}) Textdesk`, 10_000, 'the title count');

    // A text arrives for a conversation that is not on screen: the page shows a notification.
    const demo = h.host.demo!.inkbox()!;
    const [open, elsewhere] = await conversationsOf('inkbox', (c) => !c.isGroup && /^\+\d+$/.test(c.remote) && c.totalCount > 10 && !c.muted);
    await openConversation(open!.id);
    const providerNumber = (id: number) => numbers.find((n) => n.id === id)!.providerId;
    demo.insertInbound(providerNumber(elsewhere!.numberId), elsewhere!.remote, 'Are you open on Sunday?');
    await h.host.service.syncNow('user');
    await until(
      () => h.page.evaluate(() => (window as unknown as { shownNotifications: Array<{ body: string }> }).shownNotifications.some((n) => n.body.includes('open on Sunday'))),
      15_000,
      'the notification',
    );

    // Scrolled up in the open conversation, a new text is counted, not scrolled to.
    await log().hover();
    await h.page.mouse.wheel(0, -3000);
    await h.page.waitForTimeout(300);
    demo.insertInbound(providerNumber(open!.numberId), open!.remote, 'One more thing about the order');
    await h.host.service.syncNow('user');
    const jump = h.page.getByRole('button', { name: /1 new · Jump to latest/ });
    await jump.waitFor({ timeout: 15_000 });
    await h.page.screenshot({ path: 'test-results/walk-new-texts.png' });
    await jump.click();
    await until(() => log().evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2), 10_000, 'the bottom');

    // Opening an unread conversation marks where its unread texts begin.
    await openConversation(elsewhere!.id);
    const divider = log().getByRole('separator', { name: 'New texts' });
    await divider.waitFor();
    const next = await divider.evaluate((el) => {
      const rowEl = el.closest('[data-index]')!;
      const following = [...rowEl.parentElement!.children].find((c) => Number((c as HTMLElement).dataset.index) === Number((rowEl as HTMLElement).dataset.index) + 1);
      return following?.querySelector('.message')?.className ?? '';
    });
    expect(next).toMatch(/inbound/);
  }, timeout);

  it('12. tells the open conversation from the hovered one, and pre-selects nothing visibly', async () => {
    await h.page.reload();
    await list().getByRole('option').first().waitFor();
    await h.page.getByRole('heading', { name: 'Pick a conversation' }).waitFor();
    const selected = list().locator('.conversation-row.is-selected').first();
    const background = await selected.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe('rgba(0, 0, 0, 0)');
    const [a] = await conversationsOf('inkbox', (c) => c.totalCount > 3);
    await openConversation(a!.id);
    const openBg = await row(a!.id).evaluate((el) => getComputedStyle(el).backgroundColor);
    const other = list().locator('.conversation-row:not(.is-open)').nth(1);
    await other.hover();
    const hoverBg = await other.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(hoverBg).not.toBe(openBg);
    expect(await row(a!.id).evaluate((el) => getComputedStyle(el).boxShadow)).toMatch(/inset/);
  }, timeout);

  it('13. says why "Mark unread" is not offered for Linq and Heymarket', async () => {
    for (const provider of ['linq', 'heymarket'] as const) {
      const [conversation] = await conversationsOf(provider, (c) => c.totalCount > 0);
      if (!conversation) continue;
      await h.host.service.handlers['conversations:setRead']({ conversationId: conversation.id, isRead: true });
      await openConversation(conversation.id);
      const button = h.page.locator('.thread-header').getByRole('button', { name: 'Mark unread' });
      await button.waitFor();
      expect(await button.getAttribute('aria-disabled')).toBe('true');
      expect(await button.getAttribute('title')).toMatch(/cannot mark a conversation unread/);
      // aria-disabled, not disabled: it stays focusable and a click explains itself.
      await button.click({ force: true });
      await h.page.locator('.toast').filter({ hasText: 'cannot mark a conversation unread' }).first().waitFor();
      // The row's menu explains it the same way.
      await findRow(conversation.id);
      await row(conversation.id).click({ button: 'right' });
      const menu = h.page.getByRole('menu');
      await menu.waitFor();
      const item = menu.getByRole('menuitem').filter({ hasText: 'Mark unread' });
      expect(await item.getAttribute('aria-disabled')).toBe('true');
      expect(await item.textContent()).toMatch(/next sync would undo it/);
      await h.page.keyboard.press('Escape');
    }
  }, timeout);

  it('14. names audio, video and PDF hits, plays video in the viewer, shows a contact card, saves and zooms pictures', async () => {
    const search = h.page.getByRole('searchbox', { name: 'Search messages' });
    const results = h.page.getByRole('list', { name: 'Search results' });
    for (const [query, word] of [['has:video', 'Video'], ['has:audio', 'Audio'], ['has:file', /PDF|Contact card/]] as const) {
      // Cleared first, so the hits waited for are this query's, not the last one's.
      await search.fill('');
      await results.waitFor({ state: 'detached' });
      await search.fill(query);
      await results.locator('.hit').first().waitFor();
      await until(async () => !(await h.page.locator('.search-summary').textContent())?.includes('Searching'), 10_000, 'results');
      const snippets = await results.locator('.hit-snippet').allTextContents();
      expect(snippets.some((s) => (typeof word === 'string' ? s.includes(word) : word.test(s))), query).toBe(true);
      expect(snippets.some((s) => s.trim() === 'Attachment')).toBe(false);
    }
    await search.fill('');
    await results.waitFor({ state: 'detached' });
    await search.fill('has:video');
    await results.locator('.hit').first().click();
    const play = log().getByRole('button', { name: 'Play video' }).first();
    await play.waitFor({ timeout: 45_000 });
    await play.click();
    const viewer = h.page.getByRole('dialog', { name: 'Video viewer' });
    await viewer.waitFor();
    expect(await viewer.locator('video').count()).toBe(1);
    await h.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    await search.fill('');
    await results.waitFor({ state: 'detached' });
    await search.fill('has:image');
    await results.locator('.hit').first().click();
    await log().getByRole('button', { name: 'Open image' }).first().waitFor({ timeout: 45_000 });
    await log().getByRole('button', { name: 'Open image' }).first().click();
    const images = h.page.getByRole('dialog', { name: 'Image viewer' });
    await images.waitFor();
    await images.getByRole('button', { name: 'Zoom in' }).click();
    await expect(images.locator('.lightbox-zoom').textContent()).resolves.toBe('150%');
    expect(await images.getByRole('button', { name: 'Save image' }).isEnabled()).toBe(true);
    await h.page.keyboard.press('Escape');
    await search.fill('');
  }, timeout);

  it('14b. shows a texted contact card with its name and numbers', async () => {
    const demo = h.host.demo!.inkbox()!;
    const [conversation] = await conversationsOf('inkbox', (c) => !c.isGroup && /^\+\d+$/.test(c.remote));
    const numbers = await h.host.service.handlers['numbers:list']();
    const card = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Dana Whitfield', 'N:Whitfield;Dana;;;', 'TEL;TYPE=CELL:(415) 555-0134', 'EMAIL:dana@example.com', 'END:VCARD', ''].join('\r\n');
    demo.insertInbound(numbers.find((n) => n.id === conversation!.numberId)!.providerId, conversation!.remote, null, [
      { contentType: 'text/vcard', bytes: Buffer.from(card) },
    ]);
    await h.host.service.syncNow('user');
    await openConversation(conversation!.id);
    const contact = log().locator('.contact-card').last();
    await contact.waitFor({ timeout: 45_000 });
    await expect(contact.textContent()).resolves.toMatch(/Dana Whitfield.*\(415\) 555-0134/);
  }, timeout);

  it('15. makes the thread one tab stop with arrows inside, labels rows fully, has a main landmark, and passes axe in both themes', async () => {
    const [conversation] = await conversationsOf('inkbox', (c) => c.totalCount > 8);
    await openConversation(conversation!.id);
    expect(await h.page.locator('main').count()).toBe(1);
    expect(await log().locator('button:not([tabindex="-1"]), a:not([tabindex="-1"])').count()).toBe(0);
    const label = (await row(conversation!.id).getAttribute('aria-label')) ?? '';
    expect(label).toContain(((await row(conversation!.id).locator('.conversation-time').textContent()) ?? '').trim());
    expect(label.length).toBeGreaterThan(((await row(conversation!.id).locator('.conversation-party').textContent()) ?? '').length + 10);

    await until(() => log().evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2), 10_000, 'the bottom');
    const before = await log().evaluate((el) => el.scrollTop);
    await h.page.locator('.thread-header').getByRole('button', { name: /Archive conversation/ }).focus();
    await h.page.keyboard.press('Tab');
    expect(await log().evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await log().evaluate((el) => el.scrollTop)).toBe(before);
    await h.page.keyboard.press('ArrowUp');
    await until(() => h.page.evaluate(() => document.activeElement?.getAttribute('role') === 'article'), 5000, 'a text to take focus');
    await h.page.keyboard.press('ArrowUp');
    await h.page.keyboard.press('Enter');
    const menu = h.page.getByRole('menu', { name: 'Text actions' });
    await menu.waitFor();
    await h.page.waitForTimeout(500);
    expect(await menu.isVisible()).toBe(true);
    await h.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    // Focus went back into the thread, which is still open.
    expect(await log().evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await h.page.keyboard.press('Tab');
    expect(await log().evaluate((el) => el.contains(document.activeElement))).toBe(false);

    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme);
      await openConversation(conversation!.id);
      expect(await seriousViolations(), `inbox, ${theme}`).toEqual([]);
      await h.page.getByRole('searchbox', { name: 'Search messages' }).fill('the');
      await h.page.getByRole('list', { name: 'Search results' }).locator('.hit').first().waitFor();
      expect(await seriousViolations(), `search, ${theme}`).toEqual([]);
      await h.page.getByRole('searchbox', { name: 'Search messages' }).fill('');
      await row(conversation!.id).click({ button: 'right' });
      await h.page.getByRole('menu').waitFor();
      expect(await seriousViolations(), `menu, ${theme}`).toEqual([]);
      await h.page.keyboard.press('Escape');
    }
    await setTheme('light');
  }, 300_000);

  it('16. explains unknown filters and unclosed quotes, and lists the operators when nothing matches', async () => {
    const search = h.page.getByRole('searchbox', { name: 'Search messages' });
    await search.fill('foo:bar');
    await h.page.getByText(/Unknown filter 'foo:'/).waitFor();
    await search.fill('"see you');
    await h.page.getByText(/A quote is not closed/).waitFor();
    await search.fill('zzqqxxnothing');
    await h.page.getByRole('heading', { name: 'Search operators' }).waitFor();
    for (const operator of ['from:me', 'is:unread', 'has:image', 'after:', 'OR']) {
      await h.page.locator('.search-help').getByText(operator, { exact: false }).first().waitFor();
    }
    await h.page.screenshot({ path: 'test-results/walk-search-help.png' });
    await search.fill('');
  }, timeout);

  it('17. deletes with Undo and no confirmation, the toast off the thread', async () => {
    const [conversation] = await conversationsOf('inkbox', (c) => c.totalCount > 4);
    await openConversation(conversation!.id);
    const message = log().locator('.message').last();
    const id = Number(await message.getAttribute('data-message-id'));
    await message.hover();
    await message.getByRole('button', { name: 'Text actions' }).click();
    await h.page.getByRole('menuitem', { name: 'Delete' }).click();
    expect(await h.page.getByRole('alertdialog').count()).toBe(0);
    const toast = h.page.locator('.toast').filter({ hasText: 'Text deleted' });
    await toast.waitFor();
    expect(intersects((await toast.boundingBox())!, (await h.page.locator('.thread').boundingBox())!)).toBe(false);
    await toast.getByRole('button', { name: 'Undo' }).click();
    await log().locator(`[data-message-id="${id}"]`).waitFor();
  }, timeout);

  it('18. writes the list heading as the sidebar does', async () => {
    const numbers = await h.host.service.handlers['numbers:list']();
    const plain = numbers.find((n) => n.label === null)!;
    const item = h.page.locator('nav.sidebar').locator(`button[title="${plain.phoneNumber}"]`);
    await item.click();
    const heading = h.page.locator('.list-title');
    await until(async () => (await heading.textContent()) === (await item.locator('.number-label').textContent()), 5000, 'the heading');
    expect(await heading.textContent()).not.toMatch(/^\+/);
    await h.page.locator('nav.sidebar').getByRole('button', { name: /^All numbers/ }).click();
  }, timeout);

  it('21. pins, mutes and archives conversations from the list, kept in the cache across a reload', async () => {
    const candidates = await conversationsOf('inkbox', (c) => c.totalCount > 2 && !c.pinned && !c.archived);
    const pinned = candidates.at(-1)!;
    const archived = candidates.at(-2)!;
    await findRow(pinned.id);
    await row(pinned.id).click({ button: 'right' });
    await h.page.getByRole('menuitem', { name: 'Pin to top' }).click();
    const firstRow = async () => {
      await list().evaluate((el) => (el.scrollTop = 0));
      await h.page.waitForTimeout(100);
      return list().getByRole('option').first().getAttribute('data-conversation-id');
    };
    await until(async () => (await firstRow()) === String(pinned.id), 10_000, 'the pin on top');
    await h.page.reload();
    await list().getByRole('option').first().waitFor();
    await until(async () => (await firstRow()) === String(pinned.id), 10_000, 'the pin after a reload');
    expect(await row(pinned.id).getAttribute('aria-label')).toMatch(/pinned/);

    // Hover actions: archive from the row.
    await findRow(archived.id);
    await row(archived.id).hover();
    await h.page.locator('.conversation-row-wrap').filter({ has: row(archived.id) }).locator('button[title="Archive"]').click();
    await until(async () => (await row(archived.id).count()) === 0, 10_000, 'the row to leave the inbox');
    await h.page.locator('.toast').filter({ hasText: 'Archived' }).waitFor();
    await h.page.locator('nav.sidebar').getByRole('button', { name: 'Archived' }).click();
    await h.page.getByRole('listbox', { name: 'Archived conversations' }).waitFor();
    await row(archived.id).waitFor();
    expect((await h.host.service.handlers['conversations:get']({ conversationId: archived.id })).archived).toBe(true);
    await row(archived.id).click({ button: 'right' });
    await h.page.getByRole('menuitem', { name: 'Move to inbox' }).click();
    await until(async () => (await row(archived.id).count()) === 0, 10_000, 'the row to leave the archive');
    await h.page.locator('nav.sidebar').getByRole('button', { name: /^All numbers/ }).click();
    await findRow(archived.id);

    // Mute from the menu, and unpin to leave the list as it was.
    await h.page.goto(h.host.url);
    await until(async () => (await firstRow()) === String(pinned.id), 10_000, 'the pin still on top');
    await row(pinned.id).click({ button: 'right' });
    await h.page.getByRole('menuitem', { name: 'Mute notifications' }).click();
    await until(async () => (await h.host.service.handlers['conversations:get']({ conversationId: pinned.id })).muted, 10_000, 'the mute');
    await findRow(pinned.id);
    await row(pinned.id).click({ button: 'right' });
    await h.page.getByRole('menuitem', { name: 'Unpin' }).click();
    await until(async () => !(await h.host.service.handlers['conversations:get']({ conversationId: pinned.id })).pinned, 10_000, 'the unpin');
  }, timeout);

  it('20a. clears an old onboarding error when the user tries again', async () => {
    await h.page.getByRole('button', { name: 'Connect your account' }).click();
    await h.page.getByRole('heading', { name: 'Connect an account' }).waitFor();
    const closed = await startDemoServer({ size: 'tiny', apiKey: 'right-key' });
    const deadUrl = closed.baseUrl;
    await closed.close();
    await h.page.getByLabel('API key').fill('wrong');
    await h.page.getByLabel(/Base URL/).fill(deadUrl);
    await h.page.getByRole('button', { name: 'Test connection' }).click();
    const error = h.page.locator('.onboarding .inline-error');
    await error.waitFor({ timeout: 60_000 });
    await h.page.getByLabel('API key').fill('another');
    expect(await error.count()).toBe(0);
    await h.page.getByRole('button', { name: 'Cancel' }).click();
  }, timeout);

  it('20b. drops the demo card once a real account is connected', async () => {
    await h.page.locator('.demo-card').waitFor();
    const real = await startDemoServer({ size: 'tiny', apiKey: 'real-key', seed: 7 });
    extraServers.push(real);
    await h.host.service.handlers['accounts:add']({ provider: 'inkbox', credentials: { apiKey: 'real-key' }, baseUrl: real.baseUrl, label: 'Front desk' });
    await h.page.reload();
    await list().getByRole('option').first().waitFor();
    await h.page.locator('nav.sidebar .account-name').filter({ hasText: 'Front desk' }).waitFor();
    expect(await h.page.locator('.demo-card').count()).toBe(0);
  }, timeout);

  it('20c. says the engine is gone instead of "Synced" or "No texts"', async () => {
    const [a, b] = await conversationsOf('inkbox', (c) => c.totalCount > 3);
    await openConversation(a!.id);
    await findRow(b!.id);
    await h.host.close();
    const status = h.page.getByRole('status', { name: 'Sync status' });
    await until(async () => /background service stopped/.test((await status.textContent()) ?? ''), 15_000, 'the engine-gone status');
    expect(await status.textContent()).not.toMatch(/Synced/);
    await row(b!.id).click();
    await h.page.waitForTimeout(1000);
    expect(await h.page.getByText('No texts in this conversation.').count()).toBe(0);
    await h.page.screenshot({ path: 'test-results/walk-engine-gone.png' });
  }, timeout);
});
