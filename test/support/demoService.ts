import { expect } from 'vitest';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { AppErrorShape } from '../../shared/errors';
import type { ProviderKind } from '../../shared/model';
import type { SecretStore, SettingsStore } from '../../electron/core/hostInterfaces';
import { dispatch } from '../../electron/core/dispatch';
import { createService, type ServiceOptions, type TextdeskService } from '../../electron/core/service';
import { createDemoFleet, type DemoFleet } from '../../electron/demo';
import { pinDemoHistory, scratchDir } from './fixtures';
import { consoleErrors, memorySettings } from './serviceHost';

/** Keeps what accounts:add stores, as the OS keychain would. */
export function memorySecrets(): SecretStore {
  const secrets = new Map<number, string>();
  return {
    description: 'memory',
    get: async (id) => secrets.get(id) ?? null,
    set: async (id, value) => void secrets.set(id, value),
    delete: async (id) => void secrets.delete(id),
  };
}

export interface TestService {
  service: TextdeskService;
  /** The demo fleet the service's demo accounts sync against (its Inkbox server: fleet.inkbox()). */
  fleet: DemoFleet;
  dataDir: string;
  settings: SettingsStore;
  /** Calls a channel through dispatch, as a host does, and returns the value; fails the test on an error envelope. */
  call<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Calls a channel through dispatch and returns the error it must answer. */
  callError<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<AppErrorShape>;
  close(): Promise<void>;
}

/**
 * The real service on a temp folder, with a demo fleet as its local servers. With `demo`, the
 * demo accounts (tiny, Inkbox only unless `providers` says otherwise) are set up by start();
 * without it there is no account yet.
 */
export async function startTestService(
  options: {
    demo?: boolean;
    providers?: Exclude<ProviderKind, 'inkbox'>[];
    settings?: SettingsStore;
    /** Keep providers' live feeds open (off by default here, as the scheduler is). */
    liveFeeds?: ServiceOptions['liveFeeds'];
    stallMs?: number;
  } = {},
): Promise<TestService> {
  const scratch = scratchDir('textdesk-service-');
  const settings = options.settings ?? memorySettings();
  pinDemoHistory(scratch.dir);
  const fleet = createDemoFleet(
    scratch.dir,
    options.demo ? { offerWhenEmpty: true, size: 'tiny', providers: options.providers ?? [] } : {},
  );
  const service = await createService({
    dataDir: scratch.dir,
    host: 'web',
    version: 'test',
    platform: process.platform,
    secrets: memorySecrets(),
    settings,
    logger: consoleErrors,
    mediaUrl: (hash) => `media://${hash}`,
    localServers: fleet,
    schedule: false,
    liveFeeds: options.liveFeeds,
    stallMs: options.stallMs,
  });
  await service.start();
  const invoke = (channel: Channel, input: unknown) =>
    dispatch(service.handlers, channel, input, (where, error) => console.error(where, error));
  return {
    service,
    fleet,
    dataDir: scratch.dir,
    settings,
    async call(channel, input) {
      const envelope = await invoke(channel, input);
      if (!envelope.ok) throw new Error(`${channel} answered ${envelope.error.code}: ${envelope.error.message}`);
      return envelope.value as ChannelOutput<typeof channel>;
    },
    async callError(channel, input) {
      const envelope = await invoke(channel, input);
      expect(envelope.ok, `${channel} should have failed`).toBe(false);
      return (envelope as { ok: false; error: AppErrorShape }).error;
    },
    async close() {
      await service.stop();
      await fleet.close();
      scratch.cleanup();
    },
  };
}
