import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../electron/main/logger';
import { scratchDir } from '../support/fixtures';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

describe('the log file', () => {
  it('writes one JSON line per entry', () => {
    const file = join(scratch.dir, 'lines.log');
    const logger = createFileLogger(file);
    logger.info('started', { version: '0.1.0' });
    logger.warn('slow');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { level: 'info', message: 'started', details: { version: '0.1.0' } },
      { level: 'warn', message: 'slow' },
    ]);
  });

  it('drops detail fields named like credentials', () => {
    const file = join(scratch.dir, 'fields.log');
    createFileLogger(file).info('adding an account', { apiKey: 'sk-abcdefgh1234', authorization: 'Bearer x', accountId: 4 });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk-abcdefgh1234');
    expect(text).not.toContain('Bearer');
    expect(text).toContain('"accountId":4');
  });

  it('masks a known key wherever it appears', () => {
    const file = join(scratch.dir, 'masked.log');
    const logger = createFileLogger(file);
    logger.redact('sk-live-0123456789');
    logger.error('request failed: GET /numbers?key=sk-live-0123456789', { error: new Error('401 for sk-live-0123456789') });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk-live-0123456789');
    expect(text).toContain('[redacted]');
  });
});
