import { describe, expect, it } from 'vitest';
import {
  decideNotifications,
  emptyHistory,
  pruneHistory,
  type NotifyHistory,
  type NotifyInput,
} from '../../electron/core/notify/policy';
import type { Conversation, Message } from '../../shared/model';
import { defaultSettings } from '../../shared/settings';

let nextMessageId = 1;

function conversation(id: number, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    accountId: 1,
    numberId: 1,
    remote: `+1555000${String(id).padStart(4, '0')}`,
    latestMessageId: null,
    latestText: null,
    latestDirection: 'inbound',
    latestType: 'sms',
    latestHasMedia: false,
    latestAt: null,
    unreadCount: 1,
    totalCount: 1,
    muted: false,
    ...overrides,
  };
}

function text(conversationId: number, overrides: Partial<Message> = {}): Message {
  const id = nextMessageId++;
  const at = new Date(Date.UTC(2026, 0, 1, 12, 0, id)).toISOString();
  return {
    id,
    accountId: 1,
    numberId: 1,
    conversationId,
    providerId: `p-${id}`,
    remote: `+1555000${String(conversationId).padStart(4, '0')}`,
    direction: 'inbound',
    text: `hello ${id}`,
    type: 'sms',
    isRead: false,
    createdAt: at,
    updatedAt: at,
    deliveryStatus: null,
    media: [],
    ...overrides,
  };
}

const NOW = 1_000_000;

function input(messages: Message[], overrides: Partial<NotifyInput> = {}): NotifyInput {
  const ids = [...new Set(messages.map((m) => m.conversationId))];
  return {
    messages,
    conversations: ids.map((id) => conversation(id)),
    settings: defaultSettings,
    activeConversationId: null,
    windowFocused: false,
    backfill: false,
    history: emptyHistory,
    now: NOW,
    ...overrides,
  };
}

describe('the notification policy', () => {
  it('notifies one new inbound text with who sent it and the text', () => {
    const message = text(1, { text: 'Is the store open today?' });
    const { notices } = decideNotifications(input([message]));
    expect(notices).toEqual([
      { kind: 'message', conversationId: 1, messageId: message.id, title: '+15550000001', body: 'Is the store open today?', count: 1 },
    ]);
  });

  it('raises nothing for a first sync or a backfill of history', () => {
    expect(decideNotifications(input([text(1)], { backfill: true })).notices).toEqual([]);
  });

  it('raises nothing when notifications are turned off', () => {
    const settings = { ...defaultSettings, notifications: false };
    expect(decideNotifications(input([text(1)], { settings })).notices).toEqual([]);
  });

  it('raises nothing during Do not disturb', () => {
    const settings = { ...defaultSettings, doNotDisturb: true };
    expect(decideNotifications(input([text(1)], { settings })).notices).toEqual([]);
  });

  it('raises nothing for a conversation marked muted', () => {
    const messages = [text(1)];
    const conversations = [conversation(1, { muted: true })];
    expect(decideNotifications(input(messages, { conversations })).notices).toEqual([]);
  });

  it('raises nothing for a conversation the host knows is muted', () => {
    const decision = decideNotifications(input([text(1)], { mutedConversationIds: new Set([1]) }));
    expect(decision.notices).toEqual([]);
  });

  it('raises nothing for the conversation on screen in a focused window', () => {
    const decision = decideNotifications(input([text(1)], { activeConversationId: 1, windowFocused: true }));
    expect(decision.notices).toEqual([]);
  });

  it('still notifies the open conversation when the window is not focused', () => {
    const decision = decideNotifications(input([text(1)], { activeConversationId: 1, windowFocused: false }));
    expect(decision.notices).toHaveLength(1);
  });

  it('still notifies other conversations while one is on screen', () => {
    const decision = decideNotifications(input([text(1), text(2)], { activeConversationId: 1, windowFocused: true }));
    expect(decision.notices.map((n) => n.kind === 'message' && n.conversationId)).toEqual([2]);
  });

  it('ignores outbound texts and texts already read', () => {
    const messages = [text(1, { direction: 'outbound' }), text(2, { isRead: true })];
    expect(decideNotifications(input(messages)).notices).toEqual([]);
  });

  it('folds several texts from one conversation into one notice about the newest', () => {
    const older = text(1, { text: 'first' });
    const newer = text(1, { text: 'second' });
    const { notices } = decideNotifications(input([newer, older]));
    expect(notices).toEqual([
      { kind: 'message', conversationId: 1, messageId: newer.id, title: '+15550000001', body: 'second (+1 more)', count: 2 },
    ]);
  });

  it('hides the text when previews are off', () => {
    const settings = { ...defaultSettings, notificationPreview: false };
    const { notices } = decideNotifications(input([text(1, { text: 'secret code 1234' })], { settings }));
    expect(notices[0]).toMatchObject({ title: '+15550000001', body: 'New text' });
    expect(JSON.stringify(notices)).not.toContain('1234');
  });

  it('describes a photo with no text as a photo', () => {
    const media = [
      { id: 1, messageId: 0, position: 0, contentType: 'image/jpeg', size: 10, hash: null, state: 'pending' as const, filename: null },
    ];
    const { notices } = decideNotifications(input([text(1, { text: null, type: 'mms', media })]));
    expect(notices[0]).toMatchObject({ body: 'Photo' });
  });

  it('shortens a long text', () => {
    const { notices } = decideNotifications(input([text(1, { text: 'x'.repeat(1000) })]));
    const body = notices[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(200);
    expect(body.endsWith('…')).toBe(true);
  });

  it('raises at most one notice per conversation every few seconds', () => {
    const first = decideNotifications(input([text(1)]));
    const soon = decideNotifications(input([text(1)], { history: first.history, now: NOW + 2_000 }));
    const later = decideNotifications(input([text(1)], { history: first.history, now: NOW + 6_000 }));
    expect(first.notices).toHaveLength(1);
    expect(soon.notices).toEqual([]);
    expect(later.notices).toHaveLength(1);
  });

  it('rate-limits each conversation on its own', () => {
    const first = decideNotifications(input([text(1)]));
    const next = decideNotifications(input([text(1), text(2)], { history: first.history, now: NOW + 1_000 }));
    expect(next.notices.map((n) => n.kind === 'message' && n.conversationId)).toEqual([2]);
  });

  it('raises one notice each for up to three conversations at once', () => {
    const { notices } = decideNotifications(input([text(1), text(2), text(3)]));
    expect(notices.map((n) => n.kind)).toEqual(['message', 'message', 'message']);
  });

  it('raises one summary when more than three conversations get texts at once', () => {
    const messages = [text(1), text(1), text(2), text(3), text(4), text(5)];
    const { notices } = decideNotifications(input(messages));
    expect(notices).toEqual([
      { kind: 'summary', title: 'New texts', body: '6 new texts in 5 conversations', conversationIds: [1, 2, 3, 4, 5], count: 6 },
    ]);
  });

  it('does not count muted conversations towards a summary', () => {
    const messages = [text(1), text(2), text(3), text(4)];
    const decision = decideNotifications(input(messages, { mutedConversationIds: new Set([4]) }));
    expect(decision.notices.map((n) => n.kind)).toEqual(['message', 'message', 'message']);
  });

  it('does not stack summaries when batches keep arriving after a reconnect', () => {
    const batch = () => [text(1), text(2), text(3), text(4), text(5)];
    const first = decideNotifications(input(batch()));
    const second = decideNotifications(input([text(6), text(7), text(8), text(9)], { history: first.history, now: NOW + 10_000 }));
    expect(first.notices).toHaveLength(1);
    expect(second.notices).toEqual([]);
  });

  it('does not follow a summary with single notices for the same conversations', () => {
    const first = decideNotifications(input([text(1), text(2), text(3), text(4), text(5)]));
    const next = decideNotifications(input([text(1)], { history: first.history, now: NOW + 1_000 }));
    expect(next.notices).toEqual([]);
  });

  it('leaves the history untouched when nothing is shown', () => {
    const history: NotifyHistory = { byConversation: new Map([[9, NOW - 1]]), lastSummaryAt: null };
    const decision = decideNotifications(input([text(1)], { history, backfill: true }));
    expect(decision.history).toBe(history);
  });

  it('does not change the history it was given', () => {
    const history: NotifyHistory = { byConversation: new Map(), lastSummaryAt: null };
    decideNotifications(input([text(1)], { history }));
    expect(history.byConversation.size).toBe(0);
  });

  it('honours limits the host chooses', () => {
    const limits = { summaryAbove: 1 };
    const { notices } = decideNotifications(input([text(1), text(2)], { limits }));
    expect(notices.map((n) => n.kind)).toEqual(['summary']);
  });

  it('prunes history entries that can no longer limit anything', () => {
    const history: NotifyHistory = { byConversation: new Map([[1, NOW - 60_000], [2, NOW - 1_000]]), lastSummaryAt: NOW - 60_000 };
    expect([...pruneHistory(history, NOW).byConversation.keys()]).toEqual([2]);
  });
});

describe('notification titles from the address books', () => {
  it("titles a text with the party's contact name where there is one, else the number", () => {
    const named = text(1, { text: 'Running late' });
    const unnamed = text(2, { text: 'Hi' });
    const { notices } = decideNotifications(
      input([named, unnamed], { conversations: [conversation(1, { remoteName: 'Jane Doe' }), conversation(2, { remoteName: null })] }),
    );
    expect(notices.map((n) => n.title)).toEqual(['Jane Doe', '+15550000002']);
  });
});
