import type { ProviderKind } from '../../shared/model';
import { providerInfo } from '../../shared/providers';

/** A small tag naming the provider an account (or a conversation's account) texts through. */
export function ProviderBadge({ provider, title }: { provider: ProviderKind; title?: string }) {
  return (
    <span className={`provider-badge provider-${provider}`} title={title}>
      {providerInfo[provider].name}
    </span>
  );
}
