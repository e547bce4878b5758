import Conf from 'conf';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { privateStoreFile } from '../../electron/main/settingsStore';
import { createFileSettingsStore } from '../../electron/web/stores';
import { startTestService, type TestService } from '../support/demoService';
import { scratchDir } from '../support/fixtures';
import { PNG_BYTES, startHostileServer } from '../support/hostileServer';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('files other local users must not read', () => {
  it('are created 0600 in folders created 0700: the cache, its WAL, media, downloads and exports', async () => {
    const server = await startHostileServer({
      texts: [{ id: 't', remote: '+15551110000', text: 'x', media: [{ contentType: 'image/png', size: PNG_BYTES.length, filename: 'p.png', url: '/media/honest/1' }], at: 1 }],
    });
    cleanups.push(() => server.close());
    const handle: TestService = await startTestService();
    cleanups.push(() => handle.close());
    await handle.call('accounts:add', { provider: 'inkbox', credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl });
    await handle.service.syncNow('user');
    const { conversations } = await handle.call('conversations:list', { limit: 10 });
    const { messages } = await handle.call('thread:page', { conversationId: conversations[0]!.id, limit: 10 });
    const media = messages[0]!.media[0]!;
    let info = await handle.call('media:get', { mediaId: media.id });
    for (let i = 0; info.url === null && i < 500; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      info = await handle.call('media:get', { mediaId: media.id });
    }
    const saved = await handle.call('media:save', { mediaId: media.id });
    const exported = await handle.call('export:run', { format: 'json' });

    expect(mode(handle.dataDir)).toBe(0o700);
    expect(mode(join(handle.dataDir, 'cache.db'))).toBe(0o600);
    expect(mode(join(handle.dataDir, 'cache.db-wal'))).toBe(0o600);
    expect(mode(join(handle.dataDir, 'media'))).toBe(0o700);
    expect(mode(handle.service.mediaFile(info.hash!)!.path)).toBe(0o600);
    expect(mode(saved.path!)).toBe(0o600);
    expect(mode(join(handle.dataDir, 'downloads'))).toBe(0o700);
    expect(mode(exported.path!)).toBe(0o600);
  });

  it('include the browser host\'s settings file and the desktop app\'s store files, the plain-text key fallback among them', () => {
    const scratch = scratchDir('textdesk-modes-');
    cleanups.push(scratch.cleanup);
    createFileSettingsStore(join(scratch.dir, 'web', 'settings.json')).set({ theme: 'dark' });
    expect(mode(join(scratch.dir, 'web', 'settings.json'))).toBe(0o600);

    const credentials = new Conf<Record<string, string>>({ cwd: scratch.dir, configName: 'credentials', projectName: 'textdesk-test', ...privateStoreFile });
    credentials.set('account-1', 'plain:v1:sk-plain');
    expect(mode(credentials.path)).toBe(0o600);
  });
});
