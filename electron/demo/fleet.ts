import type { ProviderKind } from '../../shared/model';
import { startHeymarketFake } from './fakes/heymarket';
import { startLinqFake } from './fakes/linq';
import { startSendblueFake } from './fakes/sendblue';

export type FakeProvider = Exclude<ProviderKind, 'inkbox'>;

/** Where a demo server listens and the credentials it accepts (the engine's LocalEndpoint, by shape). */
export interface DemoEndpoint {
  baseUrl: string;
  credentials: { apiKey?: string; apiSecret?: string };
  close(): Promise<void>;
}

/**
 * The other providers' fake servers, started beside the Inkbox demo server so the demo shows
 * one inbox across providers. `clock` runs from the demo's anchor, so a restarted fake lists
 * the same texts at the same times as before and the cache stays valid.
 */
export async function startDemoFake(provider: FakeProvider, clock: () => number, seed: number): Promise<DemoEndpoint> {
  const options = { seed, size: 'small' as const, now: clock };
  switch (provider) {
    case 'sendblue':
      return startSendblueFake(options);
    case 'linq':
      return startLinqFake(options);
    case 'heymarket':
      return startHeymarketFake(options);
  }
}
