import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderKind } from '../../shared/model';
import { providerInfo } from '../../shared/providers';
import { startDemoFake, type DemoEndpoint, type FakeProvider } from './fleet';
import { startDemoServer, type DemoServer } from './inkbox';

export type { FakeProvider } from './fleet';

/** What a host says about its demo; plain data, so it crosses to the engine's worker thread. */
export interface DemoFleetOptions {
  /** Offer the demo accounts when the cache has none (the first run of the app). */
  offerWhenEmpty?: boolean;
  liveIntervalSeconds?: number | null;
  size?: 'tiny' | 'small' | 'demo';
  seed?: number;
  /** The other providers' fakes to run beside Inkbox's demo server (default: all three). */
  providers?: FakeProvider[];
}

/**
 * The demo fleet: Inkbox's demo server and the other providers' fakes, run on this machine and
 * offered to the engine as local servers (ServiceOptions.localServers, which it matches by
 * shape). Servers start when the engine first asks for one; the host closes the fleet after
 * stopping the service.
 */
export interface DemoFleet {
  readonly offerWhenEmpty: boolean;
  /** The servers on offer, Inkbox first: the accounts accounts:useDemo makes. */
  readonly offered: readonly { provider: ProviderKind; label: string }[];
  /** Starts the fleet if it is not running; answers where the provider's server listens now. */
  open(provider: ProviderKind): Promise<{ baseUrl: string; credentials: { apiKey?: string; apiSecret?: string } }>;
  /** Inkbox's demo server while it runs: tests and the CLI reach its fault knobs through it. */
  inkbox(): DemoServer | null;
  close(): Promise<void>;
}

const allFakes: FakeProvider[] = ['sendblue', 'linq', 'heymarket'];

/** A fleet whose anchor file (demo.json) lives in `dir`, beside the cache. Nothing starts yet. */
export function createDemoFleet(dir: string, options: DemoFleetOptions = {}): DemoFleet {
  const fakes = options.providers ?? allFakes;
  let inkbox: DemoServer | null = null;
  let startedAt = 0;
  const running = new Map<FakeProvider, DemoEndpoint>();
  let starting: Promise<void> | null = null;
  let closed = false;

  /** Starts the servers that are not running yet: Inkbox's, and the other providers' fakes. */
  async function startAll(): Promise<void> {
    const anchor = readAnchor(dir);
    if (!inkbox) {
      startedAt = Date.now();
      inkbox = await startDemoServer({
        anchor,
        seed: options.seed ?? 1,
        size: options.size ?? 'demo',
        liveIntervalSeconds: options.liveIntervalSeconds ?? null,
      });
    }
    const clock = () => anchor + (Date.now() - startedAt);
    for (const provider of fakes) {
      if (!running.has(provider)) running.set(provider, await startDemoFake(provider, clock, options.seed ?? 1));
    }
  }

  return {
    offerWhenEmpty: options.offerWhenEmpty ?? false,
    offered: [
      { provider: 'inkbox', label: 'Demo' },
      ...fakes.map((provider) => ({ provider, label: `${providerInfo[provider].name} demo` })),
    ],
    async open(provider) {
      if (closed) throw new Error('The demo servers are closed.');
      starting ??= startAll().finally(() => (starting = null));
      await starting;
      if (provider === 'inkbox') return { baseUrl: inkbox!.baseUrl, credentials: { apiKey: inkbox!.apiKey } };
      const fake = running.get(provider);
      if (!fake) throw new Error(`The demo runs no ${providerInfo[provider].name} server.`);
      return { baseUrl: fake.baseUrl, credentials: fake.credentials };
    },
    inkbox: () => inkbox,
    async close() {
      closed = true;
      await starting?.catch(() => {});
      await inkbox?.close();
      inkbox = null;
      await Promise.allSettled([...running.values()].map((fake) => fake.close()));
      running.clear();
    },
  };
}

/**
 * The seeded history ends at the moment the demo was first used, stored beside the cache, so
 * a restarted demo server lists the same texts at the same times and the cache stays valid.
 */
function readAnchor(dir: string): number {
  const file = join(dir, 'demo.json');
  try {
    const anchor = (JSON.parse(readFileSync(file, 'utf8')) as { anchor?: unknown }).anchor;
    if (typeof anchor === 'number' && Number.isFinite(anchor)) return anchor;
  } catch {
    // First use, or an unreadable file: start a new history now.
  }
  const anchor = Date.now();
  writeFileSync(file, JSON.stringify({ anchor }), { mode: 0o600 });
  return anchor;
}
