import type { Account, Conversation, ProviderKind, Reaction } from '../../shared/model';
import { providerInfo, type CredentialField, type ProviderCapabilities } from '../../shared/providers';
import { formatParty } from './format';

export const providerKinds = Object.keys(providerInfo) as ProviderKind[];

/** The provider behind an account; the cache only holds texts of accounts it knows, Inkbox if the list is stale. */
export function providerOfAccount(accounts: readonly Account[], accountId: number): ProviderKind {
  return accounts.find((a) => a.id === accountId)?.provider ?? 'inkbox';
}

export function providerName(provider: ProviderKind): string {
  return providerInfo[provider].name;
}

/** Whether an account's label already names its provider as a word ("Heymarket demo", "my linq account"). */
export function labelNamesProvider(label: string, provider: ProviderKind): boolean {
  return label.toLowerCase().split(/[^\p{L}\p{N}]+/u).includes(providerName(provider).toLowerCase());
}

export function capabilitiesOf(provider: ProviderKind): ProviderCapabilities {
  return providerInfo[provider].capabilities;
}

/**
 * A credential the user should not see echoed. Where a provider has a separate secret, its key
 * is an identifier (Sendblue's key ID) and stays readable; a lone key is the secret itself.
 */
export function isSecretField(provider: ProviderKind, field: CredentialField, fields: readonly CredentialField[] = providerInfo[provider].credentials): boolean {
  return field.field === 'apiSecret' || !fields.some((f) => f.field === 'apiSecret');
}

/** What a provider cannot do, in words for the accounts list; empty when it can do everything. */
export function limitations(provider: ProviderKind): string[] {
  const c = capabilitiesOf(provider);
  const out: string[] = [];
  if (c.readState === 'conversation') out.push('read state per conversation');
  if (c.readState === 'none') out.push('read state kept on this device');
  if (!c.delete) out.push('deleting hides texts on this device only');
  return out;
}

/** Kept here for the files that import it from providers; it lives in format.ts. */
export { conversationName } from './format';

/**
 * What to tell the user before they text a party who opted out (STOP): the provider will refuse
 * it. null when the address book says nothing or the party has not opted out. The composer
 * should show this before sending.
 */
export function optOutWarning(conversation: Pick<Conversation, 'optedOut'>, provider: ProviderKind): string | null {
  return conversation.optedOut ? `Opted out of texts: ${providerInfo[provider].name} will refuse a text to them` : null;
}

/** The sender of a text in a group, as people read it: their contact name, else their number. */
export function senderName(sender: string, name?: string | null): string {
  return name ?? formatParty(sender);
}

/** iMessage's tapback names, as Linq sends them, when no emoji came with the reaction. */
const tapbackEmoji: Record<string, string> = {
  love: '❤️',
  heart: '❤️',
  like: '👍',
  dislike: '👎',
  laugh: '😂',
  emphasize: '‼️',
  emphasis: '‼️',
  question: '❓',
};

export interface Tapback {
  emoji: string;
  count: number;
  /** Who reacted, "You" first when the user did. */
  who: string[];
  mine: boolean;
}

/** Reactions folded by emoji, in the order each first appeared. */
export function tapbacks(reactions: readonly Reaction[]): Tapback[] {
  const byEmoji = new Map<string, Tapback>();
  for (const reaction of reactions) {
    const emoji = reaction.emoji ?? tapbackEmoji[reaction.type.toLowerCase()] ?? reaction.type;
    let entry = byEmoji.get(emoji);
    if (!entry) byEmoji.set(emoji, (entry = { emoji, count: 0, who: [], mine: false }));
    entry.count += 1;
    if (reaction.isMe) {
      entry.mine = true;
      entry.who.unshift('You');
    } else {
      entry.who.push(reaction.from ? formatParty(reaction.from) : 'Someone');
    }
  }
  return [...byEmoji.values()];
}

/**
 * Why a conversation cannot be marked unread, in a sentence; null where it can. Where the
 * server keeps read state per conversation and cannot make it unread again, a local "unread"
 * would be undone by the next sync, so it is not offered; without server read state
 * (Sendblue) this device's state is the only one, so it is.
 */
export function whyNoMarkUnread(provider: ProviderKind): string | null {
  const { capabilities, name } = providerInfo[provider];
  if (capabilities.markUnread || capabilities.readState === 'none') return null;
  return `${name} cannot mark a conversation unread again; the next sync would undo it.`;
}

/** Why one text cannot be marked read or unread on its own; null where it can. */
export function whyNoTextRead(provider: ProviderKind): string | null {
  const { capabilities, name } = providerInfo[provider];
  if (capabilities.readState !== 'conversation') return null;
  return `${name} keeps read state per conversation, not per text.`;
}
