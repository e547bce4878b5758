import type { SliceCreator } from './types';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
  /** A second sentence: why (the provider cannot delete, for instance). */
  detail?: string;
  action?: { label: string; run: () => void };
}

export interface ToastSlice {
  toasts: Toast[];
  /** Shows a message for `ms` (errors stay until dismissed when ms is 0); returns its id. */
  pushToast(toast: Omit<Toast, 'id'>, ms?: number): number;
  dismissToast(id: number): void;
}

let nextToastId = 1;

export const createToastSlice: SliceCreator<ToastSlice> = (set, get) => ({
  toasts: [],
  pushToast(toast, ms = toast.kind === 'error' ? 8000 : 5000) {
    const id = nextToastId++;
    set((state) => ({ toasts: [...state.toasts.slice(-3), { ...toast, id }] }));
    if (ms > 0) setTimeout(() => get().dismissToast(id), ms);
    return id;
  },
  dismissToast(id) {
    set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
  },
});
