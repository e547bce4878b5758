import { describe, expect, it } from 'vitest';
import { createSseParser, type ServerSentEvent } from '../../electron/core/providers/sse';

function parse(chunks: (string | Uint8Array)[]): { events: ServerSentEvent[]; activity: number } {
  const events: ServerSentEvent[] = [];
  let activity = 0;
  const parser = createSseParser({ onEvent: (e) => events.push(e), onActivity: () => (activity += 1) });
  for (const chunk of chunks) parser.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return { events, activity };
}

describe('the server-sent events reader', () => {
  it('reads id, event and data, and joins several data lines with newlines', () => {
    const { events } = parse(['id: e1\nevent: message.received\ndata: {"a":\ndata: 1}\n\n']);
    expect(events).toEqual([{ id: 'e1', event: 'message.received', data: '{"a":\n1}' }]);
  });

  it('treats comment lines as keep-alive only: activity, no event', () => {
    const { events, activity } = parse([': heartbeat\n\n', ': heartbeat\n\n']);
    expect(events).toEqual([]);
    expect(activity).toBe(4);
  });

  it('survives chunks cut inside a line, inside \\r\\n and inside a multi-byte character', () => {
    const bytes = new TextEncoder().encode('data: café 🙏\r\n\r\n');
    const cut = bytes.indexOf(0xf0) + 2;
    const { events } = parse(['da', 'ta: x\r', '\n\r\n', bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(events.map((e) => e.data)).toEqual(['x', 'café 🙏']);
  });

  it('sends nothing for a block without data, and keeps the last id for later events', () => {
    const { events } = parse(['id: 7\nevent: ping\n\n', 'data: y\n\n']);
    expect(events).toEqual([{ id: '7', event: null, data: 'y' }]);
  });

  it('refuses a stream that never ends a line', () => {
    const parser = createSseParser({ onEvent: () => {} });
    expect(() => parser.push(new Uint8Array(1_100_000).fill(0x61))).toThrow(/longer than 1 MiB/);
  });
});
