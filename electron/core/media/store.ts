import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HASH = /^[0-9a-f]{64}$/;

export function isContentHash(value: string): boolean {
  return HASH.test(value);
}

/**
 * A content-addressed folder of media files: each file is named by the sha256 of its bytes,
 * so the same picture sent twice is stored once and a path can never be chosen by a caller.
 */
export interface MediaStore {
  readonly dir: string;
  /** Stores bytes (atomically: a reader never sees half a file) and returns their hash. */
  put(bytes: Uint8Array): { hash: string; size: number };
  /** The file for a hash, or null when it is not (or no longer) stored. */
  path(hash: string): string | null;
  remove(hash: string): void;
}

export function openMediaStore(dir: string): MediaStore {
  mkdirSync(dir, { recursive: true });
  const fileOf = (hash: string) => join(dir, hash.slice(0, 2), hash);
  return {
    dir,
    put(bytes) {
      const hash = createHash('sha256').update(bytes).digest('hex');
      const target = fileOf(hash);
      if (!existsSync(target)) {
        mkdirSync(join(dir, hash.slice(0, 2)), { recursive: true });
        const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
        writeFileSync(temp, bytes);
        renameSync(temp, target);
      }
      return { hash, size: bytes.byteLength };
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
