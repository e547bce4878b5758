import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';

/** Long enough for any real name, short enough for every file system (255 bytes) with " (99)". */
const MAX_NAME_BYTES = 200;

// Names Windows refuses whatever their extension ("CON.txt" is the console).
const reservedWindowsName = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
// Controls (C0, DEL, C1), and the bidirectional overrides that make "gnp.exe" read as "exe.png".
// eslint-disable-next-line no-control-regex
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// What Windows forbids in a name, and both separators.
const forbiddenCharacters = /[<>:"/\\|?*]/g;

/**
 * The one function that turns a name a provider sent (chosen by a sender's device, or decoded
 * from a URL) into a file name safe to store, show and save: its last path segment only, no
 * separators, control characters, leading dots or trailing dots and spaces, not a reserved
 * Windows device name, at most 200 bytes with its extension kept. Null when nothing usable is
 * left, so the caller falls back to a name of its own.
 */
export function safeAttachmentName(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .normalize('NFC')
    .replace(unsafeCharacters, '')
    .replace(forbiddenCharacters, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .trim();
  if (name === '') return null;
  if (reservedWindowsName.test(name)) name = `_${name}`;
  return truncateKeepingExtension(name, MAX_NAME_BYTES);
}

function truncateKeepingExtension(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const extension = extname(name);
  const keep = Buffer.byteLength(extension) <= 20 ? extension : '';
  let stem = name.slice(0, name.length - keep.length);
  while (Buffer.byteLength(stem + keep) > maxBytes) stem = [...stem].slice(0, -1).join('');
  return stem.replace(/[.\s]+$/, '') + keep;
}

/** The numbered name for the n-th copy: "photo.jpg" -> "photo (1).jpg". */
function numbered(name: string, n: number): string {
  if (n === 0) return name;
  const extension = extname(name);
  return `${name.slice(0, name.length - extension.length)} (${n})${extension}`;
}

/**
 * Copies `source` into `folder` under `name` (cleaned again here: a name may come from an older
 * cache), never overwriting: an existing file gets " (1)", " (2)" … added. The target is opened
 * with O_EXCL (`wx`) so even a file created in the meantime, or a symlink planted there, is not
 * written through, and its resolved path must lie inside the folder. Returns the path written.
 */
export function saveIntoFolder(source: string, folder: string, name: string, fallback: string): string {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const clean = safeAttachmentName(name) ?? safeAttachmentName(fallback) ?? 'attachment';
  const root = resolve(folder);
  for (let n = 0; n < 1000; n++) {
    const target = resolve(root, numbered(clean, n));
    const inside = relative(root, target);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside !== numbered(clean, n)) {
      throw new Error(`Refused to save outside ${root}.`);
    }
    let fd: number;
    try {
      fd = openSync(target, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      // Written through the descriptor we created: nothing swapped in at that path is followed.
      copyInto(source, fd);
    } catch (error) {
      closeSync(fd);
      rmSync(target, { force: true });
      throw error;
    }
    closeSync(fd);
    return target;
  }
  throw new Error(`Too many files named like ${clean} in ${root}.`);
}

function copyInto(source: string, target: number): void {
  const from = openSync(source, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (let read = readSync(from, buffer); read > 0; read = readSync(from, buffer)) {
      for (let written = 0; written < read; ) written += writeSync(target, buffer, written, read - written);
    }
  } finally {
    closeSync(from);
  }
}
