import { AppError } from '../../../shared/errors';
import type { ProviderKind } from '../../../shared/model';
import { providerInfo } from '../../../shared/providers';
import type { AdapterOptions, ProviderAdapter } from './adapter';
import { createInkboxAdapter } from './inkbox/adapter';
import { createSendblueAdapter } from './sendblue/adapter';
import { createLinqAdapter } from './linq/adapter';
import { createHeymarketAdapter } from './heymarket/adapter';

type AdapterFactory = (options: AdapterOptions) => ProviderAdapter;

/** The adapters this build has. A provider missing here is refused with UNSUPPORTED. */
const factories: Partial<Record<ProviderKind, AdapterFactory>> = {
  inkbox: createInkboxAdapter,
  sendblue: createSendblueAdapter,
  linq: createLinqAdapter,
  heymarket: createHeymarketAdapter,
};

export function isSupportedProvider(kind: ProviderKind): boolean {
  return factories[kind] !== undefined;
}

export function createAdapter(kind: ProviderKind, options: AdapterOptions): ProviderAdapter {
  const factory = factories[kind];
  if (!factory) throw new AppError('UNSUPPORTED', `${providerInfo[kind].name} accounts are not supported yet.`);
  for (const field of providerInfo[kind].credentials) {
    if (!options.credentials[field.field]?.trim()) {
      throw new AppError('VALIDATION', `${providerInfo[kind].name} needs the ${field.label}.`);
    }
  }
  return factory(options);
}
