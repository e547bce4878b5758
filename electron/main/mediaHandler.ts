import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/**
 * The media protocol: textdesk-media://file/<sha256>. The renderer names a file only by its
 * content hash, never by a path, and gets byte ranges so audio and video can seek. Pure Node
 * (web Request/Response), so it is tested without Electron.
 */

export const mediaScheme = 'textdesk-media';

export function mediaUrl(hash: string): string {
  return `${mediaScheme}://file/${hash}`;
}

type MediaFile = { path: string; contentType: string; size: number } | null;
/** Where a cached file is: answered by the engine, which runs in a worker (hence a promise). */
export type MediaLookup = (hash: string) => MediaFile | Promise<MediaFile>;

const contentHash = /^[0-9a-f]{64}$/;

export function isContentHash(value: string): boolean {
  return contentHash.test(value);
}

export type ByteRange = { start: number; end: number };

/**
 * Reads a Range header for a file of `size` bytes: null means send it whole (no header, another
 * unit, several ranges, or nonsense, which RFC 9110 lets a server ignore); 'unsatisfiable'
 * means 416.
 */
export function parseByteRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(end) || end < start) return null;
  return { start, end };
}

const baseHeaders = {
  'Accept-Ranges': 'bytes',
  'X-Content-Type-Options': 'nosniff',
  // A media file is never a document: nothing in it may run, even if it is an SVG.
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'private, max-age=31536000, immutable',
};

export function createMediaHandler(lookup: MediaLookup): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad URL');
    }
    const hash = url.pathname.replace(/^\//, '');
    if (url.hostname !== 'file' || !isContentHash(hash) || url.search !== '') return plain(404, 'Not found');
    const file = await lookup(hash);
    if (!file) return plain(404, 'Not found');

    const range = parseByteRange(request.headers.get('range'), file.size);
    const headers: Record<string, string> = { ...baseHeaders, 'Content-Type': file.contentType };
    if (range === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${file.size}` } });
    }
    const { start, end } = range ?? { start: 0, end: file.size - 1 };
    const length = file.size === 0 ? 0 : end - start + 1;
    headers['Content-Length'] = String(length);
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${file.size}`;
    const status = range ? 206 : 200;
    if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
    const stream = Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream<Uint8Array>;
    return new Response(stream, { status, headers });
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...baseHeaders } });
}
