import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../shared/contract';
import type { Conversation, Message } from '../../shared/model';
import { defaultSettings, type Settings } from '../../shared/settings';
import { silentLogger } from '../../electron/core/hostInterfaces';

const electron = vi.hoisted(() => ({ shown: [] as Array<{ options: Record<string, unknown>; emit(event: string): void }> }));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class Notification extends Emitter {
    static isSupported() {
      return true;
    }
    constructor(readonly options: Record<string, unknown>) {
      super();
    }
    show() {
      electron.shown.push(this);
    }
  }
  return { Notification };
});

const { createNotifier } = await import('../../electron/main/notifications');

function message(id: number, conversationId: number): Message {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString();
  return {
    id, accountId: 1, numberId: 1, conversationId, providerId: `p${id}`, remote: '+15550001111', direction: 'inbound',
    text: `text ${id}`, type: 'sms', isRead: false, createdAt: at, updatedAt: at, deliveryStatus: null, media: [],
  };
}

function conversation(id: number): Conversation {
  return {
    id, accountId: 1, numberId: 1, remote: `+1555000000${id}`, latestMessageId: null, latestText: null, latestDirection: null,
    latestType: null, latestHasMedia: false, latestAt: null, unreadCount: 1, totalCount: 1, muted: false,
  };
}

let settings: Settings;
let opened: Array<[number | null, number | null]>;
let markedRead: unknown[];
let notify: ReturnType<typeof createNotifier>;

beforeEach(() => {
  electron.shown.length = 0;
  settings = { ...defaultSettings };
  opened = [];
  markedRead = [];
  notify = createNotifier({
    settings: { get: () => settings, set: () => settings },
    handlers: { 'conversations:setRead': async (input: unknown) => void markedRead.push(input) } as unknown as Handlers,
    activeConversation: () => null,
    windowFocused: () => false,
    open: (conversationId, messageId) => opened.push([conversationId, messageId]),
    iconPath: '/icon.png',
    logger: silentLogger,
  });
});

describe('desktop notifications', () => {
  it('shows a new inbound text as a system notification', () => {
    notify({ messages: [message(1, 7)], conversations: [conversation(7)] });
    expect(electron.shown.map((n) => [n.options.title, n.options.body])).toEqual([['+15550000007', 'text 1']]);
  });

  it('opens the conversation when the notification is clicked', () => {
    notify({ messages: [message(1, 7)], conversations: [conversation(7)] });
    electron.shown[0]?.emit('click');
    expect(opened).toEqual([[7, 1]]);
  });

  it('marks the conversation read from the notification action', async () => {
    notify({ messages: [message(1, 7)], conversations: [conversation(7)] });
    electron.shown[0]?.emit('action');
    await Promise.resolve();
    expect(markedRead).toEqual([{ conversationId: 7, isRead: true }]);
  });

  it('shows nothing during Do not disturb', () => {
    settings = { ...settings, doNotDisturb: true };
    notify({ messages: [message(1, 7)], conversations: [conversation(7)] });
    expect(electron.shown).toEqual([]);
  });

  it('remembers what it showed, so a burst from one conversation raises one notification', () => {
    notify({ messages: [message(1, 7)], conversations: [conversation(7)] });
    notify({ messages: [message(2, 7)], conversations: [conversation(7)] });
    expect(electron.shown).toHaveLength(1);
  });

  it('opens just the window for a summary', () => {
    const ids = [1, 2, 3, 4, 5];
    notify({ messages: ids.map((id) => message(id, id)), conversations: ids.map(conversation) });
    expect(electron.shown).toHaveLength(1);
    electron.shown[0]?.emit('click');
    expect(opened).toEqual([[null, null]]);
  });

  function notifierOn(platform: NodeJS.Platform) {
    return createNotifier({
      settings: { get: () => settings, set: () => settings },
      handlers: {} as Handlers,
      activeConversation: () => null,
      windowFocused: () => false,
      open: () => {},
      iconPath: '/icon.png',
      logger: silentLogger,
      platform,
    });
  }

  it('escapes markup in a text on Linux, where notification servers would render it', () => {
    const hostile = { ...message(1, 7), text: '<b>URGENT</b> <a href="https://evil.example">pay</a> & "go"' };
    notifierOn('linux')({ messages: [hostile], conversations: [conversation(7)] });
    expect(electron.shown[0]?.options.body).toBe('&lt;b&gt;URGENT&lt;/b&gt; &lt;a href=&quot;https://evil.example&quot;&gt;pay&lt;/a&gt; &amp; &quot;go&quot;');
  });

  it('leaves a text as it is where notifications are plain text', () => {
    const text = '<b>URGENT</b> & more';
    for (const platform of ['darwin', 'win32'] as const) {
      electron.shown.length = 0;
      notifierOn(platform)({ messages: [{ ...message(1, 7), text }], conversations: [conversation(7)] });
      expect(electron.shown[0]?.options.body).toBe(text);
    }
  });
});
