import type { MediaInfo } from '../../shared/contract';
import type { SliceCreator } from './types';

export interface MediaSlice {
  /** media:get answers by media id; the url is set once the bytes are cached. */
  media: Record<number, MediaInfo | 'loading' | 'failed'>;
  loadMedia(mediaId: number, force?: boolean): Promise<void>;
}

export const createMediaSlice: SliceCreator<MediaSlice> = (set, get, client) => ({
  media: {},
  async loadMedia(mediaId, force = false) {
    const current = get().media[mediaId];
    if (current !== undefined && !force && current !== 'failed') {
      // A pending download is asked again later; a cached one never.
      if (current === 'loading' || current.url !== null) return;
    }
    set((state) => ({ media: { ...state.media, [mediaId]: 'loading' } }));
    try {
      const info = await client.call('media:get', { mediaId });
      set((state) => ({ media: { ...state.media, [mediaId]: info } }));
    } catch {
      set((state) => ({ media: { ...state.media, [mediaId]: 'failed' } }));
    }
  },
});
