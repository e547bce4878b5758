import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Client } from './client';
import type { AppState, AppStore } from './store';

const StoreContext = createContext<{ store: AppStore; client: Client } | null>(null);

export function StoreProvider({ store, client, children }: { store: AppStore; client: Client; children: ReactNode }) {
  return <StoreContext.Provider value={{ store, client }}>{children}</StoreContext.Provider>;
}

function useContextValue() {
  const value = useContext(StoreContext);
  if (!value) throw new Error('StoreProvider is missing');
  return value;
}

/** Atomic selectors: a component re-renders only when what it picked changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useContextValue().store, selector);
}

export function useAppStore(): AppStore {
  return useContextValue().store;
}

export function useClient(): Client {
  return useContextValue().client;
}
