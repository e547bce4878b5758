import type { Database } from 'better-sqlite3';
import {
  forgetMediaFiles,
  listPendingMedia,
  mediaUrl,
  markMediaCached,
  mediaFilesOverCap,
  recordMediaFailure,
  unreferencedMediaFiles,
  type PendingMedia,
} from '../cache/media';
import { MediaTooLargeError, type MediaStore } from '../media/store';

export const MEDIA_MAX_ATTEMPTS = 5;
/** The absolute cap when the host sets none (the mediaMaxFileMb setting's default). */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Redirects a media URL may take (a presigned URL handing over to a CDN). */
const MAX_REDIRECTS = 5;
/** Presigned URLs last an hour; renew a little before that rather than fail first. */
const URL_FRESH_MS = 50 * 60_000;

export interface MediaFetchOptions {
  db: Database;
  store: MediaStore;
  /** Fetches the text again so its attachments get fresh presigned URLs; false if it is gone. */
  renewUrls: (item: PendingMedia) => Promise<boolean>;
  now?: () => number;
  fetch?: typeof fetch;
  batch?: number;
  concurrency?: number;
  timeoutMs?: number;
  capBytes?: number;
  /** No single file may be larger, whatever its declared size (the mediaMaxFileMb setting). */
  maxFileBytes?: number;
  signal?: AbortSignal;
}

export interface MediaFetchReport {
  cached: number;
  failed: number;
  renewed: number;
  evicted: number;
  cachedMessageIds: number[];
}

class ExpiredUrl extends Error {}

/**
 * Downloads pending attachments into the content-addressed store, newest texts first, soon
 * after sync, before their presigned URLs expire. An expired URL (403 from the bucket) is
 * renewed by fetching the text again, once per attempt.
 */
export async function fetchPendingMedia(options: MediaFetchOptions): Promise<MediaFetchReport> {
  const { db, store } = options;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const report: MediaFetchReport = { cached: 0, failed: 0, renewed: 0, evicted: 0, cachedMessageIds: [] };
  const pending = listPendingMedia(db, options.batch ?? 50, MEDIA_MAX_ATTEMPTS);
  const queue = [...pending];

  const fetchOne = async (item: PendingMedia): Promise<void> => {
    let { url, urlReceivedAt } = item;
    let renewed = false;
    const renew = async () => {
      renewed = true;
      report.renewed += 1;
      if (!(await options.renewUrls(item))) return false;
      const fresh = mediaUrl(db, item.id);
      url = fresh?.url ?? null;
      urlReceivedAt = fresh?.urlReceivedAt ?? null;
      return true;
    };
    try {
      if (!url || urlReceivedAt === null || now() - urlReceivedAt > URL_FRESH_MS) {
        if (!(await renew())) throw new Error('The text is no longer on the server.');
      }
      const limit = downloadLimit(item.size, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
      const fetchInto = () => download(doFetch, store, url!, limit, options.timeoutMs ?? 30_000, options.signal);
      let file: { hash: string; size: number };
      try {
        file = await fetchInto();
      } catch (error) {
        if (!(error instanceof ExpiredUrl) || renewed) throw error;
        if (!(await renew())) throw new Error('The text is no longer on the server.', { cause: error });
        file = await fetchInto();
      }
      markMediaCached(db, item.id, { ...file, contentType: item.contentType }, now());
      report.cached += 1;
      report.cachedMessageIds.push(item.messageId);
    } catch (error) {
      if (options.signal?.aborted) return;
      // Too large stays too large: trying again would only download it again.
      recordMediaFailure(db, item.id, (error as Error).message, error instanceof MediaTooLargeError ? 0 : MEDIA_MAX_ATTEMPTS);
      report.failed += 1;
    }
  };

  const workers = Array.from({ length: Math.min(options.concurrency ?? 3, queue.length) }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (options.signal?.aborted) return;
      await fetchOne(item);
    }
  });
  await Promise.all(workers);

  if (options.capBytes !== undefined) report.evicted = evictOverCap(db, store, options.capBytes);
  dropUnreferencedFiles(db, store);
  return report;
}

/**
 * Deletes cached files no attachment refers to any more: their texts were deleted (here or, as a
 * sync learnt, on the server) or their account removed. A deleted picture must not stay on disk.
 */
export function dropUnreferencedFiles(db: Database, store: MediaStore): number {
  const unreferenced = unreferencedMediaFiles(db);
  for (const hash of unreferenced) store.remove(hash);
  forgetMediaFiles(db, unreferenced);
  return unreferenced.length;
}

/** Drops least recently used files until the store fits the cap; returns how many went. */
export function evictOverCap(db: Database, store: MediaStore, capBytes: number): number {
  const victims = mediaFilesOverCap(db, capBytes);
  for (const hash of victims) store.remove(hash);
  forgetMediaFiles(db, victims);
  return victims.length;
}

/**
 * What a file may grow to: its declared size plus a margin (servers round), never more than the
 * absolute cap; only the cap when the provider declares no size (0: Sendblue, Heymarket).
 */
export function downloadLimit(declaredSize: number, maxFileBytes: number): number {
  if (!(declaredSize > 0)) return maxFileBytes;
  return Math.min(maxFileBytes, declaredSize + Math.max(64 * 1024, Math.ceil(declaredSize / 10)));
}

/**
 * Fetches a media URL into the store, streaming: only http(s), each redirect checked too, a
 * Content-Length over the limit refused before reading, and the body cut off past the limit.
 */
async function download(
  doFetch: typeof fetch,
  store: MediaStore,
  start: string,
  limitBytes: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ hash: string; size: number }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let url = httpUrl(start);
  for (let hop = 0; ; hop++) {
    const response = await doFetch(url, { signal: attemptSignal, redirect: 'manual' });
    if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new Error('The media server redirected too many times.');
      url = httpUrl(response.headers.get('location')!, url);
      continue;
    }
    if (response.status === 403 || response.status === 401) {
      await response.body?.cancel().catch(() => undefined);
      throw new ExpiredUrl(`The media link was refused (${response.status}); it has probably expired.`);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`The media server answered ${response.status}.`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limitBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new MediaTooLargeError(limitBytes);
    }
    const reader = response.body.getReader();
    const chunks: AsyncIterable<Uint8Array> = {
      async *[Symbol.asyncIterator]() {
        try {
          for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
        } finally {
          // Stopping early (too large, a write error) hangs up instead of reading the rest.
          await reader.cancel().catch(() => undefined);
        }
      },
    };
    return store.putStream(chunks, limitBytes);
  }
}

function httpUrl(value: string, base?: string): string {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new Error('The media link is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Media are fetched over http(s) only, not ${url.protocol}.`);
  return url.href;
}
