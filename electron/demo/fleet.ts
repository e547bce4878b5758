import type { ProviderKind } from '../../shared/model';
import type { Credentials } from '../core/accounts';
import { startHeymarketFake } from '../demo/fakes/heymarket';
import { startLinqFake } from '../demo/fakes/linq';
import { startSendblueFake } from '../demo/fakes/sendblue';

export type FakeProvider = Exclude<ProviderKind, 'inkbox'>;

export interface DemoEndpoint {
  baseUrl: string;
  credentials: Credentials;
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
