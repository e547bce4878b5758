/**
 * A reader for server-sent event streams (the WHATWG EventSource format): `data:` lines joined
 * by newlines, `event:` and `id:` fields, comment lines (starting with ':') that keep the
 * connection alive, a blank line ending each event. Lines may end in \n, \r\n or \r, and a
 * chunk may end anywhere, inside a line or a multi-byte character. Pure: the caller owns the
 * connection and the timeouts.
 */

export interface ServerSentEvent {
  /** null when the event named no type (EventSource's "message"). */
  event: string | null;
  data: string;
  id: string | null;
}

export interface SseParser {
  /** Feeds the next bytes; calls onEvent for each complete event and onActivity for every line. */
  push(chunk: Uint8Array): void;
}

/** The longest line accepted: a stream sending more without a newline is not an event stream. */
const MAX_LINE = 1 << 20;

export function createSseParser(handlers: { onEvent(event: ServerSentEvent): void; onActivity?(): void }): SseParser {
  const decoder = new TextDecoder();
  let buffer = '';
  let skipLeadingLf = false;
  let data: string[] = [];
  let event: string | null = null;
  let id: string | null = null;

  function line(text: string): void {
    handlers.onActivity?.();
    if (text === '') {
      if (data.length > 0) handlers.onEvent({ event, data: data.join('\n'), id });
      data = [];
      event = null;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    // retry: and unknown fields are ignored; reconnection timing is the caller's.
  }

  return {
    push(chunk) {
      buffer += decoder.decode(chunk, { stream: true });
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer.charCodeAt(i);
        if (c === 10 && skipLeadingLf && i === start) {
          start = i + 1;
          skipLeadingLf = false;
          continue;
        }
        skipLeadingLf = false;
        if (c !== 10 && c !== 13) continue;
        line(buffer.slice(start, i));
        start = i + 1;
        if (c === 13) skipLeadingLf = true;
      }
      buffer = buffer.slice(start);
      if (buffer.length > MAX_LINE) throw new Error('The event stream sent a line longer than 1 MiB.');
    },
  };
}
