import type { AppInfo, ConnectionInput, RemoteNumberInfo, SyncStatus } from '../../shared/contract';
import type { Account, PhoneNumber } from '../../shared/model';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { errorMessage } from '../client';
import type { SliceCreator } from './types';

export type View = 'loading' | 'onboarding' | 'inbox' | 'failed';

export interface AppSlice {
  view: View;
  bootError: string | null;
  info: AppInfo | null;
  accounts: Account[];
  numbers: PhoneNumber[];
  status: SyncStatus | null;
  settings: Settings | null;
  settingsOpen: boolean;
  /** Onboarding was opened from the inbox (to add an account beside the demo), so it can be cancelled. */
  onboardingCancelable: boolean;
  /** The background service stopped answering (the web host quit, main crashed): nothing shown is current. */
  engineGone: boolean;

  boot(): Promise<void>;
  refreshAccounts(): Promise<void>;
  refreshNumbers(): Promise<void>;
  refreshStatus(): Promise<void>;
  /** Asks the service for its status; no answer means it is gone, an answer after that brings the inbox back. */
  checkEngine(): Promise<void>;
  setStatus(status: SyncStatus): void;
  syncNow(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
  openSettings(open: boolean): void;
  openOnboarding(): void;
  closeOnboarding(): void;
  testConnection(input: ConnectionInput): Promise<RemoteNumberInfo[]>;
  addAccount(input: ConnectionInput & { label?: string; numberIds?: string[] }): Promise<Account>;
  removeAccount(accountId: number): Promise<void>;
  useDemo(): Promise<void>;
}

export const createAppSlice: SliceCreator<AppSlice> = (set, get, client) => ({
  view: 'loading',
  bootError: null,
  info: null,
  accounts: [],
  numbers: [],
  status: null,
  settings: null,
  settingsOpen: false,
  onboardingCancelable: false,
  engineGone: false,

  async boot() {
    try {
      const [info, accounts, settings, status] = await Promise.all([
        client.call('app:info'),
        client.call('accounts:list'),
        client.call('settings:get'),
        client.call('sync:status'),
      ]);
      set({ info, accounts, settings, status, bootError: null });
      if (accounts.length === 0) {
        set({ view: 'onboarding', onboardingCancelable: false });
        return;
      }
      set({ view: 'inbox' });
      await Promise.all([get().refreshNumbers(), get().loadConversations(true)]);
    } catch (error) {
      set({ view: 'failed', bootError: errorMessage(error) });
    }
  },

  async refreshAccounts() {
    const accounts = await client.call('accounts:list');
    set({ accounts });
  },

  async refreshNumbers() {
    const numbers = await client.call('numbers:list');
    set({ numbers });
    // A number that went away (account removed) must not stay selected.
    const scope = get().scopeNumberId;
    if (scope !== null && !numbers.some((n) => n.id === scope)) get().selectNumber(null);
  },

  async refreshStatus() {
    set({ status: await client.call('sync:status') });
  },

  async checkEngine() {
    try {
      const status = await client.call('sync:status');
      const wasGone = get().engineGone;
      set({ status, engineGone: false });
      // Back: what happened meanwhile is unknown, so everything on screen is read again.
      if (wasGone && get().view === 'inbox') {
        await Promise.all([get().refreshAccounts(), get().refreshNumbers(), get().loadConversations(), get().refreshThread()]);
      }
    } catch {
      set({ engineGone: true });
    }
  },

  setStatus(status) {
    set({ status });
  },

  async syncNow() {
    try {
      await client.call('sync:now');
    } catch (error) {
      get().pushToast({ kind: 'error', text: errorMessage(error) });
    }
  },

  async updateSettings(patch) {
    const before = get().settings;
    if (before) set({ settings: { ...before, ...patch } });
    try {
      set({ settings: await client.call('settings:set', patch) });
    } catch (error) {
      set({ settings: before });
      get().pushToast({ kind: 'error', text: `Settings not saved: ${errorMessage(error)}` });
    }
  },

  openSettings(open) {
    set({ settingsOpen: open });
  },

  openOnboarding() {
    // Errors from the inbox are not about the account about to be connected.
    set((state) => ({ view: 'onboarding', onboardingCancelable: true, settingsOpen: false, toasts: state.toasts.filter((t) => t.kind !== 'error') }));
  },

  closeOnboarding() {
    if (get().accounts.length > 0) set({ view: 'inbox' });
  },

  async testConnection(input) {
    const { numbers } = await client.call('accounts:test', input);
    return numbers;
  },

  async addAccount(input) {
    const account = await client.call('accounts:add', input);
    await get().refreshAccounts();
    set({ view: 'inbox' });
    await Promise.all([get().refreshNumbers(), get().loadConversations(true), get().refreshStatus()]);
    return account;
  },

  async removeAccount(accountId) {
    try {
      await client.call('accounts:remove', { accountId });
      await get().refreshAccounts();
      if (get().accounts.length === 0) {
        set({ view: 'onboarding', onboardingCancelable: false, settingsOpen: false });
        get().closeConversation();
      }
      await Promise.all([get().refreshNumbers(), get().loadConversations(true)]);
    } catch (error) {
      get().pushToast({ kind: 'error', text: errorMessage(error) });
    }
  },

  async useDemo() {
    await client.call('accounts:useDemo');
    await get().refreshAccounts();
    set({ view: 'inbox' });
    await Promise.all([get().refreshNumbers(), get().loadConversations(true), get().refreshStatus()]);
  },
});
