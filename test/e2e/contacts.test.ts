import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/model';
import { openAppAfterFirstSync, openConversationIn, startHarness, until, type Harness } from './support';

const timeout = 120_000;
let h: Harness;

async function conversations(): Promise<Conversation[]> {
  return (await h.host.service.handlers['conversations:list']({ limit: 500 })).conversations;
}

const openConversation = (id: number) => openConversationIn(h.page, id);

describe('contact names in Chromium against the web host and the demo', () => {
  beforeAll(async () => {
    h = await startHarness();
    await openAppAfterFirstSync(h);
    await h.page.reload();
  }, timeout);
  afterAll(async () => {
    await h?.close();
  }, timeout);

  it('lists and heads a named party by the name its address book gives, with the number beside it', async () => {
    // The named one-to-one conversation with the most texts, of every account (ties by id).
    const named = (await conversations()).filter((c) => c.remoteName && !c.isGroup).sort((a, b) => b.totalCount - a.totalCount || a.id - b.id);
    expect(named.length).toBeGreaterThan(0);
    const target = named[0]!;
    await openConversation(target.id);
    const row = h.page.locator(`[role="option"][data-conversation-id="${target.id}"]`);
    await expect(row.textContent()).resolves.toContain(target.remoteName!);
    const thread = h.page.getByRole('region', { name: `Conversation with ${target.remoteName}` });
    await expect(thread.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(target.remoteName);
    await expect(thread.locator('.thread-subtitle').textContent()).resolves.toMatch(/\d{3}.*· on /);
  }, timeout);

  it('names an unnamed number from the thread header; the list and a search by that name show it', async () => {
    const target = (await conversations()).filter((c) => !c.remoteName && !c.isGroup && /^\+1\d{10}$/.test(c.remote)).sort((a, b) => a.id - b.id)[0]!;
    await openConversation(target.id);
    await h.page.getByRole('button', { name: 'Add name' }).click();
    const dialog = h.page.getByRole('dialog', { name: /Name for/ });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Quincy Zephyr');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const row = h.page.locator(`[role="option"][data-conversation-id="${target.id}"]`);
    await until(async () => (await row.textContent())?.includes('Quincy Zephyr'), 30_000, 'the new name in the list');
    await h.page.getByRole('searchbox', { name: 'Search messages' }).fill('quincy');
    const contacts = h.page.getByRole('list', { name: 'Contacts' });
    await contacts.waitFor();
    await expect(contacts.textContent()).resolves.toContain('Quincy Zephyr');
    expect((await h.host.service.handlers['conversations:get']({ conversationId: target.id })).remoteName).toBe('Quincy Zephyr');
  }, timeout);
});
