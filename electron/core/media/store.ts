import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivate } from '../privateFiles';

const HASH = /^[0-9a-f]{64}$/;
/** A .part file this old was left by a write that never finished (a crash, a full disk). */
const STALE_PART_MS = 60 * 60_000;

export function isContentHash(value: string): boolean {
  return HASH.test(value);
}

/** The download went past what it may be: the declared size plus a margin, or the absolute cap. */
export class MediaTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The attachment is larger than the ${formatBytes(limitBytes)} it may be; it was not kept.`);
    this.name = 'MediaTooLargeError';
  }
}

/**
 * A content-addressed folder of media files: each file is named by the sha256 of its bytes,
 * so the same picture sent twice is stored once and a path can never be chosen by a caller.
 * Folders are 0700 and files 0600: attachments are private.
 */
export interface MediaStore {
  readonly dir: string;
  /** Stores bytes (atomically: a reader never sees half a file) and returns their hash. */
  put(bytes: Uint8Array): { hash: string; size: number };
  /**
   * Streams a body to disk, hashing as it goes, and stops with MediaTooLargeError past
   * `limitBytes`; nothing partial is left behind, whatever happens.
   */
  putStream(chunks: AsyncIterable<Uint8Array>, limitBytes: number): Promise<{ hash: string; size: number }>;
  /** The file for a hash, or null when it is not (or no longer) stored. */
  path(hash: string): string | null;
  remove(hash: string): void;
}

export function openMediaStore(dir: string, options: { now?: () => number } = {}): MediaStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A folder from an older version may be 0755; closing it hides every file in it.
  makePrivate(dir, 'dir');
  removeStaleParts(dir, (options.now ?? Date.now)() - STALE_PART_MS);
  const fileOf = (hash: string) => join(dir, hash.slice(0, 2), hash);
  const tempFile = () => join(dir, `incoming-${randomBytes(8).toString('hex')}.part`);
  const place = (temp: string, hash: string) => {
    const target = fileOf(hash);
    if (existsSync(target)) return rmSync(temp, { force: true });
    mkdirSync(join(dir, hash.slice(0, 2)), { recursive: true, mode: 0o700 });
    renameSync(temp, target);
  };
  return {
    dir,
    put(bytes) {
      const hash = createHash('sha256').update(bytes).digest('hex');
      if (!existsSync(fileOf(hash))) {
        const temp = tempFile();
        try {
          writeFileSync(temp, bytes, { mode: 0o600 });
          place(temp, hash);
        } catch (error) {
          rmSync(temp, { force: true });
          throw error;
        }
      }
      return { hash, size: bytes.byteLength };
    },
    async putStream(chunks, limitBytes) {
      const temp = tempFile();
      const fd = openSync(temp, 'wx', 0o600);
      const hasher = createHash('sha256');
      let size = 0;
      let closed = false;
      try {
        for await (const chunk of chunks) {
          size += chunk.byteLength;
          if (size > limitBytes) throw new MediaTooLargeError(limitBytes);
          hasher.update(chunk);
          for (let written = 0; written < chunk.byteLength; ) written += writeSync(fd, chunk, written);
        }
        closeSync(fd);
        closed = true;
        const hash = hasher.digest('hex');
        place(temp, hash);
        return { hash, size };
      } catch (error) {
        if (!closed) closeSync(fd);
        rmSync(temp, { force: true });
        throw error;
      }
    },
    path(hash) {
      if (!isContentHash(hash)) return null;
      const file = fileOf(hash);
      try {
        return statSync(file).isFile() ? file : null;
      } catch {
        return null;
      }
    },
    remove(hash) {
      if (isContentHash(hash)) rmSync(fileOf(hash), { force: true });
    },
  };
}

/**
 * Partial files from writes that never finished (a full disk, a crash) would sit there forever.
 * Only old ones go: another process sharing the folder may be writing a fresh one right now.
 */
function removeStaleParts(dir: string, olderThan: number): void {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.endsWith('.part')) continue;
    const file = join(dir, entry);
    try {
      if (statSync(file).mtimeMs < olderThan) rmSync(file, { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
