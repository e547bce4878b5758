import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * The cache, media, settings and exports are private to the user: folders Textdesk creates are
 * 0700 and its files 0600 where the platform has modes (Windows has ACLs instead, inherited
 * from the profile folder, which is already private).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates a folder (and any missing parents) readable by the user only. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Tightens what Textdesk owns and may already exist with looser modes (a cache made by an
 * older version). Never used on a folder the user chose, which may be shared on purpose.
 */
export function makePrivate(path: string, kind: 'file' | 'dir' = 'file'): void {
  if (process.platform === 'win32') return;
  try {
    const stat = statSync(path);
    if (kind === 'dir' ? !stat.isDirectory() : !stat.isFile()) return;
    chmodSync(path, kind === 'dir' ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
  } catch {
    // Not there (yet), or not ours to change: nothing to tighten.
  }
}
