import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, channels, eventNames, events, isChannel } from '../../shared/contract';

describe('the IPC contract', () => {
  it.each(channelNames)('declares zod schemas for what %s takes and gives', (channel) => {
    expect(channels[channel].input).toBeInstanceOf(z.ZodType);
    expect(channels[channel].output).toBeInstanceOf(z.ZodType);
  });

  it.each(eventNames)('declares a zod schema for the %s event', (event) => {
    expect(events[event]).toBeInstanceOf(z.ZodType);
  });

  it('names every channel and event domain:verb', () => {
    for (const name of [...channelNames, ...eventNames]) expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });

  it('covers what the UI needs', () => {
    const needed = [
      'accounts:add', 'accounts:test', 'accounts:remove', 'accounts:list', 'numbers:list',
      'conversations:list', 'conversations:setRead', 'conversations:setMuted', 'thread:page',
      'search:query', 'search:context', 'message:setRead', 'message:delete', 'media:get',
      'sync:now', 'sync:status', 'settings:get', 'settings:set', 'export:run',
    ];
    expect(channelNames).toEqual(expect.arrayContaining(needed));
    expect(eventNames).toEqual(expect.arrayContaining(['sync:progress', 'sync:status', 'data:changed', 'notify:open']));
  });

  it('recognises only its own channel names', () => {
    expect(isChannel('settings:get')).toBe(true);
    for (const name of ['toString', '__proto__', 'constructor', 'settings:GET', '', null, 42, {}]) {
      expect(isChannel(name)).toBe(false);
    }
  });

  it('accepts an API key on the way in but never returns one', () => {
    for (const channel of channelNames) {
      const output = JSON.stringify(z.toJSONSchema(channels[channel].output, { io: 'output', unrepresentable: 'any' }));
      expect(output, channel).not.toMatch(/apiKey|apiSecret|credentials/);
    }
  });
});
