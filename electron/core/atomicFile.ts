import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that a reader (or the user, after a failure) only ever sees the old file or
 * the whole new one: the bytes go to a temporary file beside the target (same folder, so the
 * rename is atomic), which replaces the target only once everything was written and flushed.
 * On any failure the temporary file is removed and the target is left as it was. Files are 0600.
 */
export function writeFileAtomically<T>(path: string, produce: (write: (chunk: string | Uint8Array) => void) => T): T {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  let closed = false;
  try {
    const result = produce((chunk) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let written = 0; written < bytes.byteLength; ) written += writeSync(fd, bytes, written);
    });
    fsyncSync(fd);
    closeSync(fd);
    closed = true;
    renameSync(temp, path);
    return result;
  } catch (error) {
    if (!closed) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}
