import type { ProviderKind } from './model';

/**
 * What each provider's API can do, so the UI hides or explains what a provider lacks and the
 * service knows what to push. Facts from docs/providers.md.
 */
export interface ProviderCapabilities {
  /** Where the server keeps read state: per text, per conversation, or nowhere (kept on this device). */
  readState: 'message' | 'conversation' | 'none';
  /** The server can mark something unread again. */
  markUnread: boolean;
  /** The server can delete a text; without it a delete hides the text on this device only. */
  delete: boolean;
  media: boolean;
  reactions: boolean;
  groups: boolean;
  /** The API can send a text from a number. */
  send: boolean;
  /** Texts go out as SMS where they are not iMessage/RCS, so a segment counter applies. */
  sms: boolean;
}

export interface CredentialField {
  field: 'apiKey' | 'apiSecret';
  label: string;
  placeholder: string;
}

/** One kind of credential a provider accepts, where it accepts more than one (Heymarket). */
export interface CredentialKind {
  id: string;
  label: string;
  fields: CredentialField[];
  hint: string;
}

export interface ProviderInfo {
  kind: ProviderKind;
  name: string;
  defaultBaseUrl: string;
  /** The fields every kind of credential has (what the service requires). */
  credentials: CredentialField[];
  /** Where a provider takes more than one kind of credential: the choices, the recommended first. */
  credentialKinds?: CredentialKind[];
  capabilities: ProviderCapabilities;
  /** One line for onboarding: where the user finds the credentials. */
  hint: string;
}

export const providerInfo: Record<ProviderKind, ProviderInfo> = {
  inkbox: {
    kind: 'inkbox',
    name: 'Inkbox',
    defaultBaseUrl: 'https://inkbox.ai/api/v1/phone',
    credentials: [{ field: 'apiKey', label: 'API key', placeholder: 'ink_live_…' }],
    capabilities: { readState: 'message', markUnread: true, delete: true, media: true, reactions: false, groups: true, send: true, sms: true },
    hint: 'Create an API key in the Inkbox console under Settings → API keys.',
  },
  sendblue: {
    kind: 'sendblue',
    name: 'Sendblue',
    defaultBaseUrl: 'https://api.sendblue.co',
    credentials: [
      { field: 'apiKey', label: 'API key ID', placeholder: 'sb-api-key-id' },
      { field: 'apiSecret', label: 'API secret key', placeholder: 'sb-api-secret-key' },
    ],
    capabilities: { readState: 'none', markUnread: false, delete: false, media: true, reactions: false, groups: true, send: true, sms: false },
    hint: 'Both keys are on the Sendblue dashboard under API Keys.',
  },
  linq: {
    kind: 'linq',
    name: 'Linq',
    defaultBaseUrl: 'https://api.linqapp.com/api/partner/v3',
    credentials: [{ field: 'apiKey', label: 'API token', placeholder: 'Bearer token' }],
    capabilities: { readState: 'conversation', markUnread: false, delete: true, media: true, reactions: true, groups: true, send: true, sms: false },
    hint: 'Ask Linq for a Partner API v3 token for your organisation.',
  },
  heymarket: {
    kind: 'heymarket',
    name: 'Heymarket',
    defaultBaseUrl: 'https://api.heymarket.com/v1',
    credentials: [{ field: 'apiKey', label: 'API token', placeholder: 'Bearer token' }],
    // developers.heymarket.com/authentication: API Secret JWTs are recommended, the team API key
    // is legacy and planned for deprecation. A Secret ID goes in apiKey, its Secret Key in apiSecret.
    credentialKinds: [
      {
        id: 'secret',
        label: 'API Secret (recommended)',
        fields: [
          { field: 'apiKey', label: 'API Secret ID', placeholder: 'Secret ID' },
          { field: 'apiSecret', label: 'API Secret Key', placeholder: 'Secret Key' },
        ],
        hint: 'Generate an API Secret in Heymarket under Settings → Integrations → API; the Secret Key is shown only once.',
      },
      {
        id: 'token',
        label: 'Team API key (legacy)',
        fields: [{ field: 'apiKey', label: 'API token', placeholder: 'Team API key' }],
        hint: 'The team API key is in Heymarket under Settings → Integrations.',
      },
    ],
    capabilities: { readState: 'conversation', markUnread: false, delete: false, media: true, reactions: false, groups: false, send: true, sms: true },
    hint: 'Create a token in Heymarket under Settings → Integrations → API.',
  },
};

/**
 * The fields onboarding asks for: those of the chosen kind of credential where the provider
 * takes several (the recommended one by default), else the provider's only ones.
 */
export function providerFields(kind: ProviderKind, credentialKind?: string): CredentialField[] {
  const kinds = providerInfo[kind].credentialKinds;
  if (!kinds || kinds.length === 0) return providerInfo[kind].credentials;
  return (kinds.find((k) => k.id === credentialKind) ?? kinds[0]!).fields;
}

/** The onboarding hint for a provider and its chosen kind of credential. */
export function providerHint(kind: ProviderKind, credentialKind?: string): string {
  const kinds = providerInfo[kind].credentialKinds;
  return kinds?.find((k) => k.id === credentialKind)?.hint ?? kinds?.[0]?.hint ?? providerInfo[kind].hint;
}
