import type { SecretScope, SecretStore } from '../hostInterfaces';

/** A keychain-like map from entry names to secrets: what each secret store is underneath. */
export interface NamedSecrets {
  get(name: string): Promise<string | null>;
  set(name: string, secret: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** The entry name before installations were told apart (and for an unscoped store). */
export function legacyEntryName(accountId: number): string {
  return `account-${accountId}`;
}

/** One installation's entry for an account: another cache's account 1 is another entry. */
export function scopedEntryName(scope: SecretScope, accountId: number): string {
  return `${scope.installationId}/account-${accountId}`;
}

/**
 * A SecretStore over named entries. Unscoped, an account's entry is `account-<id>`; scoped to
 * an installation (the service does this with its cache's id), `<installation>/account-<id>`.
 * An account older than namespacing still finds its key under the old name until it is stored
 * again; removing such an account removes the old entry only when it holds this account's key,
 * because it may be another installation's.
 */
export function secretStoreOver(description: string, entries: NamedSecrets, scope?: SecretScope): SecretStore {
  const isLegacy = (accountId: number) => scope !== undefined && accountId <= scope.legacyAccountIdMax;
  const name = (accountId: number) => (scope ? scopedEntryName(scope, accountId) : legacyEntryName(accountId));
  return {
    description,
    async get(accountId) {
      const own = await entries.get(name(accountId));
      if (own !== null || !isLegacy(accountId)) return own;
      return entries.get(legacyEntryName(accountId));
    },
    async set(accountId, secret) {
      await entries.set(name(accountId), secret);
    },
    async delete(accountId) {
      const own = await entries.get(name(accountId));
      await entries.delete(name(accountId));
      if (isLegacy(accountId) && own !== null && (await entries.get(legacyEntryName(accountId))) === own) {
        await entries.delete(legacyEntryName(accountId));
      }
    },
    withScope: (next) => secretStoreOver(description, entries, next),
  };
}
