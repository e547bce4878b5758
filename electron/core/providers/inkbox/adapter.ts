import { providerInfo } from '../../../../shared/providers';
import { syncInkboxNumber } from '../../sync/inkbox';
import { transportOptions, type AdapterOptions, type ProviderAdapter } from '../adapter';
import { createInkboxContactsClient, inkboxRemoteContacts } from './contacts';
import { createInkboxClient } from './index';

/** Inkbox as a provider: offset-paged head sync and reconciliation (sync/inkbox.ts). */
export function createInkboxAdapter(options: AdapterOptions): ProviderAdapter {
  const client = createInkboxClient({
    apiKey: options.credentials.apiKey ?? '',
    ...transportOptions(options),
  });
  const contacts = createInkboxContactsClient({
    apiKey: options.credentials.apiKey ?? '',
    ...transportOptions(options),
  });
  return {
    kind: 'inkbox',
    capabilities: providerInfo.inkbox.capabilities,
    listNumbers: () => client.listNumbers(),
    syncNumber: (context, run) => syncInkboxNumber({ ...context, client }, run),
    fetchText: (numberProviderId, textProviderId) => client.getText(numberProviderId, textProviderId),
    setTextRead: (numberProviderId, textProviderId, isRead) => client.setTextRead(numberProviderId, textProviderId, isRead),
    deleteText: (numberProviderId, textProviderId) => client.deleteText(numberProviderId, textProviderId),
    setConversationRead: (numberProviderId, conversation, isRead) =>
      client.setConversationRead(numberProviderId, conversation.remote, isRead),
    lookupContact: async (phone) => inkboxRemoteContacts(await contacts.lookup(phone)),
    listContacts: async () => inkboxRemoteContacts(await contacts.list()),
  };
}
