import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../electron/core/cache';
import { listConversations, listPinnedConversations, setPinned } from '../../electron/core/cache/conversations';
import { setLocalContact } from '../../electron/core/cache/contacts';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { noOverrides } from '../../electron/core/cache/outbox';
import { openScratchCache, remoteText } from '../support/fixtures';

let cache: ReturnType<typeof openScratchCache>;
let db: Database;
let scope: { accountId: number; numberId: number };

beforeEach(() => {
  cache = openScratchCache('linq');
  ({ db, scope } = cache);
});

afterEach(() => cache.close());

describe('a group conversation\'s members by name', () => {
  it('are named the same whether the conversation is pinned or not', () => {
    const participants = ['+15551110001', '+15551110002', '+15551110003'];
    db.transaction(() =>
      applyRemoteMessage(
        db,
        scope,
        remoteText({ remotePhoneNumber: null, conversationId: 'chat-1', sender: participants[0], conversation: { isGroup: true, participants, providerRef: 'chat-1' } }),
        noOverrides,
      ),
    )();
    setLocalContact(db, participants[0]!, 'Ana Ruiz');
    setLocalContact(db, participants[2]!, 'Wei Chen');
    const [group] = listConversations(db, { limit: 10 });
    expect(group?.isGroup).toBe(true);
    expect(group?.participantNames).toEqual(['Ana Ruiz', null, 'Wei Chen']);

    setPinned(db, group!.id, true);
    const [pinned] = listPinnedConversations(db, {});
    expect(pinned?.id).toBe(group!.id);
    expect(pinned?.participantNames).toEqual(['Ana Ruiz', null, 'Wei Chen']);
  });
});
