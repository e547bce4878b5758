import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestText } from '../requestBody';
import type { WireInbox } from './types';

/** The Heymarket fake's wire helpers: times and phones as Heymarket writes them, JSON in and out. */

export function wireInbox(i: { id: number; name: string; phones: string[]; phone: string; created: string }): WireInbox {
  return { id: i.id, name: i.name, phones: [...i.phones], phone: i.phone, created: i.created };
}

export function iso(ms: number): string {
  // RFC 3339 in whole seconds, as Heymarket writes it.
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function digits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** With `truncate`, the body stops halfway and the connection closes: a proxy dropping it. */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, truncate = false): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(text.length), ...headers });
  if (!truncate) {
    res.end(text);
    return;
  }
  res.write(text.subarray(0, Math.max(1, Math.floor(text.length / 2))), () => res.destroy());
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = await readRequestText(req);
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
