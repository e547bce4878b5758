import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A whole-file quick_check costs seconds on a large cache (about 4 s for 90 MB on a busy
 * machine), too long to hold up the start of the app. It runs here instead, on a read-only
 * connection in a worker thread, while the app works; a damaged file found this way is
 * recovered as one found by a failing command is.
 */

const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.sqlite);
let answer = { problem: null };
try {
  // better-sqlite3 registers its native binding with this thread on the first open.
  const db = new Sqlite(workerData.path, { readonly: true, fileMustExist: true });
  parentPort.postMessage({ loaded: true });
  try {
    db.pragma('busy_timeout = 5000');
    const lines = db.pragma('quick_check(5)').map((row) => row.quick_check).filter((line) => line !== 'ok');
    if (lines.length > 0) answer = { problem: lines.join('; ') };
  } finally {
    db.close();
  }
} catch (error) {
  const code = String((error && error.code) || '');
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) answer = { problem: String(error.message) };
  else answer = { problem: null, error: String((error && error.message) || error) };
}
parentPort.postMessage(answer);
`;

export interface BackgroundCheck {
  /** What quick_check found (null: sound, or the check could not run: see `error`). */
  result: Promise<{ problem: string | null; error?: string }>;
  /** Stops the check (the service is stopping). */
  cancel(): Promise<void>;
}

export function checkCacheInBackground(path: string): BackgroundCheck {
  let worker: Worker;
  try {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(source, { eval: true, workerData: { path, sqlite } });
  } catch (error) {
    return { result: Promise.resolve({ problem: null, error: String(error) }), cancel: async () => {} };
  }
  // Terminating a worker while it registers a native module aborts the whole process (Node's
  // napi_get_last_error_info fatal error, seen in CI), so a cancel waits until better-sqlite3
  // has loaded, and the worker keeps the process alive until then (an exit terminates it too).
  let markLoaded = () => {};
  const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
  const result = new Promise<{ problem: string | null; error?: string }>((resolve) => {
    worker.on('message', (answer: { loaded: true } | { problem: string | null; error?: string }) => {
      if ('loaded' in answer) {
        worker.unref();
        return markLoaded();
      }
      markLoaded();
      resolve(answer);
    });
    worker.once('error', (error) => {
      markLoaded();
      resolve({ problem: null, error: String(error) });
    });
    worker.once('exit', () => {
      markLoaded();
      resolve({ problem: null, error: 'stopped' });
    });
  });
  return {
    result,
    cancel: async () => {
      await loaded;
      await worker.terminate();
    },
  };
}
