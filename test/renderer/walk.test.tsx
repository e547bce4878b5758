// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AccountSyncStatus } from '../../shared/contract';
import { avatarText, conversationName } from '../../renderer/lib/format';
import { findLinks } from '../../renderer/lib/links';
import { parseContactCards } from '../../renderer/lib/vcard';
import { groupHits, threadRows } from '../../renderer/store/selectors';
import { createFakeApi, hit, message } from './fakeApi';
import { renderApp } from './renderApp';
import { installLayout } from './setup';

installLayout();


function account(id: number, label: string, patch: Partial<AccountSyncStatus>): AccountSyncStatus {
  return { accountId: id, label, provider: 'inkbox', state: 'idle', error: null, lastSyncedAt: new Date().toISOString(), progress: null, ...patch };
}

describe('links in texts', () => {
  it('finds web addresses, e-mail addresses and phone numbers, in order and without overlap', () => {
    const text = 'Menu at https://example.com/a?b=1, or mail desk@example.com, or call (415) 555-0134. Not ftp://x.org';
    const links = findLinks(text);
    expect(links.map((l) => [l.kind, text.slice(l.start, l.end)])).toEqual([
      ['url', 'https://example.com/a?b=1'],
      ['email', 'desk@example.com'],
      ['phone', '(415) 555-0134'],
    ]);
    expect(links[2]).toMatchObject({ e164: '+14155550134' });
  });

  it('does not take digits inside a web address for a phone number', () => {
    expect(findLinks('https://example.com/orders/4155550134').map((l) => l.kind)).toEqual(['url']);
  });
});

describe('contact cards', () => {
  it('reads the name, numbers and e-mail of each card', () => {
    const cards = parseContactCards('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Whitfield\r\nTEL;TYPE=CELL:(415) 555-0134\r\nTEL:+1 212 555 0100\r\nEMAIL:dana@example.com\r\nEND:VCARD\r\n');
    expect(cards).toEqual([{ name: 'Dana Whitfield', numbers: ['(415) 555-0134', '+1 212 555 0100'], emails: ['dana@example.com'] }]);
  });

  it('gives nothing for a file that is not a card, rather than throwing', () => {
    expect(parseContactCards('BEGIN:VCARD\r\nthis is not a card')).toEqual([]);
    expect(parseContactCards('x'.repeat(300 * 1024))).toEqual([]);
  });
});

describe('names and avatars', () => {
  it('takes initials from a name and none from a number', () => {
    expect(avatarText('Dana Whitfield')).toBe('DW');
    expect(avatarText('Weekend crew')).toBe('WC');
    expect(avatarText('(415) 555-0134')).toBeNull();
    expect(avatarText('76934')).toBeNull();
  });

  it('names a conversation by its title, else its members, else the number as people read it', () => {
    expect(conversationName({ remote: '+14155550134', title: null })).toBe('(415) 555-0134');
    expect(conversationName({ remote: 'group:1', title: 'Weekend crew', isGroup: true })).toBe('Weekend crew');
  });

  it('shows an icon, never digits, in a conversation avatar without a name', async () => {
    await renderApp();
    const options = await screen.findAllByRole('option');
    for (const option of options) {
      const avatar = option.querySelector('.avatar')!;
      expect(avatar.textContent).not.toMatch(/\d/);
    }
    expect(options[0]!.querySelector('.avatar svg')).not.toBeNull();
  });
});

describe('search hits and thread rows', () => {
  it('orders one conversation hits newest first, whatever the ranking', () => {
    const api = createFakeApi();
    const c = api.conversations[0]!;
    const older = message(1, 1, 'old', { createdAt: '2026-01-01T10:00:00.000Z' });
    const newer = message(2, 1, 'new', { createdAt: '2026-03-01T10:00:00.000Z' });
    const [group] = groupHits([hit(older, c, []), hit(newer, c, [])]);
    expect(group!.hits.map((h) => h.message.id)).toEqual([2, 1]);
  });

  it('puts the unread divider above the first text that was unread', () => {
    const messages = [message(1, 1, 'a'), message(2, 1, 'b', { isRead: false }), message(3, 1, 'c', { isRead: false })];
    const rows = threadRows(messages, [], 2);
    const at = rows.findIndex((r) => r.kind === 'unread');
    expect(rows[at + 1]).toMatchObject({ kind: 'message', message: { id: 2 }, firstOfGroup: true });
    expect(rows.filter((r) => r.kind === 'unread')).toHaveLength(1);
  });
});

describe('the status region', () => {
  it('names each account that is behind in plain words, with first-download counts', async () => {
    const { api } = await renderApp();
    act(() =>
      api.emit('sync:status', {
        ...api.status,
        state: 'syncing',
        accounts: [
          account(1, 'Front desk', { state: 'syncing', progress: { phase: 'history', fetched: 1234, total: 5000 } }),
          account(2, 'Billing', { state: 'stalled' }),
          account(3, 'Support', { state: 'idle' }),
        ],
      }),
    );
    const status = screen.getByRole('status', { name: 'Sync status' });
    expect(status.textContent).toMatch(/Front desk: Downloading 1,234 of 5,000 texts/);
    expect(status.textContent).toMatch(/Billing: Not answering/);
    expect(status.textContent).toMatch(/The other account is synced/);
    expect(status.textContent).not.toMatch(/Reconcil/);
    expect(within(status).getByRole('progressbar', { name: 'Front desk download' }).getAttribute('aria-valuenow')).toBe('25');
    // The banner names the account that cannot be reached; the app as a whole is not offline.
    expect(screen.getByText(/Billing is not answering; the other accounts keep syncing/)).toBeTruthy();
  });

  it('says the service is gone instead of a stale "Synced"', async () => {
    const { api, store } = await renderApp();
    api.refuse('sync:status', { code: 'NETWORK', message: 'The Textdesk web host is not answering.' });
    await act(() => store.getState().checkEngine());
    const status = screen.getByRole('status', { name: 'Sync status' });
    expect(status.textContent).toMatch(/background service stopped/);
    expect(status.textContent).not.toMatch(/Synced/);
  });
});

describe('conversation actions', () => {
  it('offers read, pin, mute and archive in a row context menu, reachable with Shift+F10', async () => {
    const { api, user } = await renderApp();
    const list = screen.getByRole('listbox', { name: 'Conversations' });
    list.focus();
    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = await screen.findByRole('menu');
    expect(within(menu).getAllByRole('menuitem').map((m) => m.textContent)).toEqual(['Mark read', 'Pin to top', 'Mute notifications', 'Archive']);
    await user.click(within(menu).getByRole('menuitem', { name: 'Pin to top' }));
    expect(api.calls.some((c) => c.channel === 'conversations:setPinned')).toBe(true);
    expect(api.conversations[0]!.pinned).toBe(true);
  });

  it('opens the existing conversation for a phone link and leaves a new number to compose', async () => {
    const { store } = await renderApp();
    await act(() => store.getState().startConversation('+442071838750'));
    expect(store.getState().openId).toBe(2);
    await act(() => store.getState().startConversation('+15550009999'));
    expect(store.getState().composeTo).toBe('+15550009999');
    expect(store.getState().newConversationOpen).toBe(true);
    expect(store.getState().newConversation.to).toBe('+15550009999');
  });
});

describe('browser notifications', () => {
  it('asks the browser for permission from a click while notifications are on and it has not been asked', async () => {
    let asked = 0;
    const original = (globalThis as { Notification?: unknown }).Notification;
    (globalThis as { Notification?: unknown }).Notification = {
      permission: 'default',
      requestPermission: () => {
        asked += 1;
        return Promise.resolve('granted');
      },
    };
    try {
      const { user } = await renderApp();
      const allow = screen.getByRole('button', { name: 'Allow notifications' });
      expect(asked).toBe(0);
      await user.click(allow);
      expect(asked).toBe(1);
    } finally {
      (globalThis as { Notification?: unknown }).Notification = original;
    }
  });

  it('counts unread texts in the window title', async () => {
    await renderApp();
    expect(document.title).toBe('(3) Textdesk');
  });
});
