import type { StateCreator } from 'zustand';
import type { Client } from '../client';
import type { AppSlice } from './appSlice';
import type { ComposeSlice } from './composeSlice';
import type { ConversationsSlice } from './conversationsSlice';
import type { MediaSlice } from './mediaSlice';
import type { SearchSlice } from './searchSlice';
import type { ThreadSlice } from './threadSlice';
import type { ToastSlice } from './toastSlice';

export type AppState = AppSlice & ConversationsSlice & ThreadSlice & SearchSlice & MediaSlice & ToastSlice & ComposeSlice;

/** Every slice is made the same way: zustand's set/get plus the client it talks through. */
export type SliceCreator<T> = (
  set: Parameters<StateCreator<AppState>>[0],
  get: () => AppState,
  client: Client,
) => T;
