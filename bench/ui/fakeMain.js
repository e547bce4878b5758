// The benchmark's stand-in for main, served in place of the web host's bridge: it answers the
// UI's channels from generated data (5,000 conversations, one with 100,000 texts) with no I/O,
// so what is measured is the renderer alone. Plain JS: it is served to the page as it is.
(() => {
  const conversationCount = 5000;
  const threadSize = 100000;
  const now = Date.now();
  const words = 'order ready pickup tomorrow thanks invoice parking table booking delivery confirm receipt question morning evening appointment schedule price address window door'.split(' ');
  const textOf = (n) => {
    const len = 3 + ((n * 7919) % 40);
    const out = [];
    for (let i = 0; i < len; i++) out.push(words[(n * 31 + i * 17) % words.length]);
    return out.join(' ');
  };
  const pad = (n) => String(n).padStart(4, '0');
  const conversation = (i) => ({
    id: i + 1, accountId: 1, numberId: 1, remote: `+1415${pad(Math.floor(i / 10000))}${pad(i % 10000).slice(1)}`.slice(0, 12),
    latestMessageId: null, latestText: textOf(i), latestDirection: i % 3 ? 'inbound' : 'outbound', latestType: 'sms',
    latestHasMedia: i % 7 === 0, latestAt: new Date(now - i * 600000).toISOString(), unreadCount: i % 5 === 0 ? (i % 9) + 1 : 0,
    totalCount: i === 0 ? threadSize : 20, muted: i % 50 === 0,
  });
  const conversations = Array.from({ length: conversationCount }, (_, i) => conversation(i));
  const message = (n) => ({
    id: n, accountId: 1, numberId: 1, conversationId: 1, providerId: `p${n}`, remote: conversations[0].remote,
    direction: (n * 13) % 5 < 2 ? 'outbound' : 'inbound', text: textOf(n), type: 'sms', isRead: true,
    createdAt: new Date(now - (threadSize - n) * 90000).toISOString(), updatedAt: new Date(now).toISOString(),
    deliveryStatus: null, media: [],
  });
  const bench = (window.__bench = { listDataAt: null, listPaintedAt: null, threadDataAt: null, threadPaintedAt: null });
  const settings = { syncIntervalSeconds: 30, reconcileIntervalMinutes: 10, notifications: true, notificationPreview: true, doNotDisturb: false, theme: 'light', startAtLogin: false, closeToTray: true, mediaCacheMb: 2048 };

  function answer(channel, input) {
    switch (channel) {
      case 'app:info': return { version: 'bench', host: 'web', platform: 'bench', demo: false };
      case 'accounts:list': return [{ id: 1, provider: 'inkbox', label: 'Bench', baseUrl: 'bench', createdAt: new Date(now).toISOString() }];
      case 'settings:get': case 'settings:set': return settings;
      case 'sync:status': return { state: 'idle', error: null, lastSyncedAt: new Date(now).toISOString(), pendingActions: 0, progress: null, demo: false };
      case 'numbers:list': return [{ id: 1, accountId: 1, provider: 'inkbox', providerId: 'n1', phoneNumber: '+12125550123', label: 'Bench', status: 'active', unreadCount: 5000, lastSyncedAt: null }];
      case 'conversations:list': {
        const limit = input.limit ?? 100;
        const start = input.cursor ? conversations.findIndex((c) => c.id === input.cursor.id) + 1 : 0;
        const page = conversations.slice(start, start + limit);
        const last = page[page.length - 1];
        if (bench.listDataAt === null) bench.listDataAt = performance.now();
        return { conversations: page, nextCursor: start + limit < conversations.length && last ? { latestAt: Date.parse(last.latestAt), id: last.id } : null };
      }
      case 'conversations:setRead': return { ...conversations[input.conversationId - 1], unreadCount: 0 };
      case 'thread:page': {
        const limit = input.limit ?? 50;
        const end = input.before !== undefined ? input.before - 1 : threadSize;
        const start = Math.max(1, end - limit + 1);
        const messages = [];
        for (let n = start; n <= end; n++) messages.push(message(n));
        if (bench.threadDataAt === null) bench.threadDataAt = performance.now();
        return { messages, hasOlder: start > 1, hasNewer: input.before !== undefined };
      }
      case 'app:setActiveConversation': case 'sync:now': return { ok: true };
      default: throw new Error(`bench: ${channel} is not answered`);
    }
  }

  // When the first row or bubble appears after its data, wait for the frame to be presented.
  new MutationObserver(() => {
    if (bench.listDataAt !== null && bench.listPaintedAt === null && document.querySelector('[role="option"]')) {
      bench.listPaintedAt = -1;
      requestAnimationFrame(() => setTimeout(() => (bench.listPaintedAt = performance.now()), 0));
    }
    if (bench.threadDataAt !== null && bench.threadPaintedAt === null && document.querySelector('.message')) {
      bench.threadPaintedAt = -1;
      requestAnimationFrame(() => setTimeout(() => (bench.threadPaintedAt = performance.now()), 0));
    }
  }).observe(document, { childList: true, subtree: true });

  const api = {
    async invoke(channel, input) {
      try {
        return { ok: true, value: answer(channel, input ?? {}) };
      } catch (error) {
        return { ok: false, error: { code: 'INTERNAL', message: String(error) } };
      }
    },
    on() {
      return () => {};
    },
  };
  Object.defineProperty(window, 'textdesk', { value: Object.freeze(api) });
})();
