import { describe, expect, it } from 'vitest';
import {
  afterServerAnswer,
  decideConversationRead,
  decideDelete,
  decideMessageRead,
  describeDeleteOutcome,
} from '../../electron/core/sync/actionPolicy';

describe('what a delete does', () => {
  it('deletes on the server where the provider can and the number is there', () => {
    expect(decideDelete({ provider: 'inkbox', numberStatus: 'active', sendState: undefined })).toEqual({ kind: 'delete-on-server' });
    expect(decideDelete({ provider: 'linq', numberStatus: 'active', sendState: undefined })).toEqual({ kind: 'delete-on-server' });
  });

  it('hides the text on this device where the provider cannot delete, or the number was released', () => {
    expect(decideDelete({ provider: 'sendblue', numberStatus: 'active', sendState: undefined })).toMatchObject({ kind: 'hide-locally', message: expect.stringMatching(/^Sendblue cannot delete texts/) });
    expect(decideDelete({ provider: 'heymarket', numberStatus: 'active', sendState: undefined })).toMatchObject({ kind: 'hide-locally' });
    expect(decideDelete({ provider: 'inkbox', numberStatus: 'unavailable', sendState: undefined })).toMatchObject({ kind: 'hide-locally', message: expect.stringMatching(/no longer on the server/) });
  });

  it('cancels a text not sent yet, and refuses one the server may be storing right now', () => {
    expect(decideDelete({ provider: 'inkbox', numberStatus: 'active', sendState: 'queued' })).toMatchObject({ kind: 'cancel-unsent' });
    expect(decideDelete({ provider: 'sendblue', numberStatus: 'active', sendState: 'failed' })).toMatchObject({ kind: 'cancel-unsent' });
    for (const sendState of ['sending', 'unknown'] as const) {
      const decision = decideDelete({ provider: 'inkbox', numberStatus: 'active', sendState });
      expect(decision.kind).toBe('refuse');
      expect(decision.kind === 'refuse' && decision.error.code).toBe('VALIDATION');
    }
  });

  it('after the server answered: done is deleted, gone is dropped, anything else hides the text here', () => {
    expect(afterServerAnswer('message.delete', 'done')).toBe('pushed');
    expect(afterServerAnswer('message.delete', 'not-found')).toBe('dropped');
    expect(afterServerAnswer('message.delete', 'refused')).toBe('hidden-locally');
    expect(afterServerAnswer('message.delete', 'kept')).toBe('hidden-locally');
    expect(afterServerAnswer('message.delete', 'number-released')).toBe('hidden-locally');
    expect(describeDeleteOutcome('hidden-locally')).toMatchObject({ scope: 'local', message: 'Hidden on this device only: the server did not delete it.' });
    expect(describeDeleteOutcome('pushed').message).toBe('Deleted.');
  });
});

describe('what a read mark does', () => {
  it('per text where the server keeps it per text, on the cache only where it keeps none, refused per conversation', () => {
    expect(decideMessageRead('inkbox', true)).toEqual({ kind: 'apply', push: 'message.read' });
    expect(decideMessageRead('inkbox', false)).toEqual({ kind: 'apply', push: 'message.unread' });
    expect(decideMessageRead('sendblue', true)).toEqual({ kind: 'apply', push: null });
    expect(decideMessageRead('linq', true)).toMatchObject({ kind: 'refuse' });
  });

  it('a conversation: read where the server keeps any read state, unread as its latest inbound text', () => {
    expect(decideConversationRead('linq', true)).toEqual({ kind: 'apply', target: 'conversation', push: 'conversation.read' });
    expect(decideConversationRead('sendblue', true)).toEqual({ kind: 'apply', target: 'conversation', push: null });
    expect(decideConversationRead('inkbox', false)).toEqual({ kind: 'apply', target: 'latest-inbound', push: 'message.unread' });
    expect(decideConversationRead('sendblue', false)).toEqual({ kind: 'apply', target: 'latest-inbound', push: null });
    expect(decideConversationRead('linq', false)).toMatchObject({ kind: 'refuse' });
    expect(decideConversationRead('heymarket', false)).toMatchObject({ kind: 'refuse' });
  });

  it('a read mark the server cannot take is dropped; the cache keeps the user’s state', () => {
    expect(afterServerAnswer('message.read', 'done')).toBe('pushed');
    expect(afterServerAnswer('conversation.read', 'refused')).toBe('dropped');
    expect(afterServerAnswer('message.unread', 'number-released')).toBe('dropped');
  });
});
