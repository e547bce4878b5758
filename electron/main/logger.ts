import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../core/hostInterfaces';

export interface RedactingLogger extends Logger {
  /** A value that must never appear in a log line (an API key once read or stored). */
  redact(secret: string): void;
}

const sensitiveKey = /key|secret|token|password|authorization|cookie/i;
const maxBytes = 5 * 1024 * 1024;

/**
 * JSON lines in the app's log folder, rotated at 5 MB. Defence in depth for credentials: detail
 * fields with sensitive names are dropped, and every known secret value is masked wherever it
 * turns up (an error message quoting a request, say).
 */
export function createFileLogger(file: string, options: { echo?: boolean } = {}): RedactingLogger {
  const secrets = new Set<string>();
  mkdirSync(dirname(file), { recursive: true });

  const write = (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => {
    let line = JSON.stringify({ at: new Date().toISOString(), level, message, ...(details ? { details: clean(details) } : {}) });
    for (const secret of secrets) line = line.split(secret).join('[redacted]');
    try {
      rotateIfLarge(file);
      appendFileSync(file, line + '\n', { mode: 0o600 });
    } catch {
      // A log that cannot be written must not take the app down.
    }
    if (options.echo) console[level === 'info' ? 'log' : level](line);
  };

  return {
    info: (message, details) => write('info', message, details),
    warn: (message, details) => write('warn', message, details),
    error: (message, details) => write('error', message, details),
    redact(secret) {
      // Very short values would mask ordinary words; real keys are long.
      if (secret.length >= 8) secrets.add(secret);
    },
  };
}

function clean(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (sensitiveKey.test(key)) continue;
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}

function rotateIfLarge(file: string): void {
  try {
    if (statSync(file).size > maxBytes) renameSync(file, `${file}.1`);
  } catch {
    // No file yet.
  }
}
