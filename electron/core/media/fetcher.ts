import type { Database } from 'better-sqlite3';
import { cached } from '../db/statements';
import {
  forgetMediaFiles,
  listPendingMedia,
  markMediaCached,
  mediaFilesOverCap,
  recordMediaFailure,
  unreferencedMediaFiles,
  type PendingMedia,
} from '../db/media';
import type { MediaStore } from './store';

export const MEDIA_MAX_ATTEMPTS = 5;
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

  const current = (id: number) =>
    cached(db, `SELECT url, url_received_at AS urlReceivedAt FROM media WHERE id = ?`).get(id) as
      | { url: string | null; urlReceivedAt: number | null }
      | undefined;

  const download = async (item: PendingMedia): Promise<void> => {
    let { url, urlReceivedAt } = item;
    let renewed = false;
    const renew = async () => {
      renewed = true;
      report.renewed += 1;
      if (!(await options.renewUrls(item))) return false;
      const fresh = current(item.id);
      url = fresh?.url ?? null;
      urlReceivedAt = fresh?.urlReceivedAt ?? null;
      return true;
    };
    try {
      if (!url || urlReceivedAt === null || now() - urlReceivedAt > URL_FRESH_MS) {
        if (!(await renew())) throw new Error('The text is no longer on the server.');
      }
      let bytes: Uint8Array;
      try {
        bytes = await get(doFetch, url!, options.timeoutMs ?? 30_000, options.signal);
      } catch (error) {
        if (!(error instanceof ExpiredUrl) || renewed) throw error;
        if (!(await renew())) throw new Error('The text is no longer on the server.', { cause: error });
        bytes = await get(doFetch, url!, options.timeoutMs ?? 30_000, options.signal);
      }
      const file = store.put(bytes);
      markMediaCached(db, item.id, { ...file, contentType: item.contentType }, now());
      report.cached += 1;
      report.cachedMessageIds.push(item.messageId);
    } catch (error) {
      if (options.signal?.aborted) return;
      recordMediaFailure(db, item.id, (error as Error).message, MEDIA_MAX_ATTEMPTS);
      report.failed += 1;
    }
  };

  const workers = Array.from({ length: Math.min(options.concurrency ?? 3, queue.length) }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (options.signal?.aborted) return;
      await download(item);
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

async function get(doFetch: typeof fetch, url: string, timeoutMs: number, signal?: AbortSignal): Promise<Uint8Array> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const response = await doFetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'follow' });
  if (response.status === 403 || response.status === 401) {
    await response.body?.cancel();
    throw new ExpiredUrl(`The media link was refused (${response.status}); it has probably expired.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`The media server answered ${response.status}.`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
