import type { Conversation } from '../../shared/model';
import type { QueryProblem, SearchHit } from '../../shared/search';
import { errorMessage } from '../client';
import type { SliceCreator } from './types';

export interface SearchSlice {
  searchQuery: string;
  searchHits: SearchHit[];
  /** Conversations whose party's name matches the words, listed above the texts. */
  searchConversations: Conversation[];
  searchCursor: string | null;
  searchProblems: QueryProblem[];
  searchLoading: boolean;
  searchError: string | null;
  /** Results are shown in place of the conversation list while there is a query. */
  setSearchQuery(query: string): void;
  runSearch(): Promise<void>;
  loadMoreHits(): Promise<void>;
  clearSearch(): void;
  jumpToHit(hit: SearchHit): Promise<void>;
}

const debounceMs = 120;
let timer: ReturnType<typeof setTimeout> | null = null;
/** Answers arrive out of order while typing; only the latest query's answer is shown. */
let searchGeneration = 0;

export const createSearchSlice: SliceCreator<SearchSlice> = (set, get, client) => ({
  searchQuery: '',
  searchHits: [],
  searchConversations: [],
  searchCursor: null,
  searchProblems: [],
  searchLoading: false,
  searchError: null,

  setSearchQuery(query) {
    set({ searchQuery: query });
    if (timer) clearTimeout(timer);
    if (query.trim() === '') {
      searchGeneration++;
      set({ searchHits: [], searchConversations: [], searchCursor: null, searchProblems: [], searchLoading: false, searchError: null });
      return;
    }
    set({ searchLoading: true });
    timer = setTimeout(() => void get().runSearch(), debounceMs);
  },

  async runSearch() {
    const generation = ++searchGeneration;
    const { searchQuery, scopeNumberId } = get();
    if (searchQuery.trim() === '') return;
    try {
      const result = await client.call('search:query', {
        query: searchQuery,
        ...(scopeNumberId !== null ? { numberId: scopeNumberId } : {}),
        limit: 50,
      });
      if (generation !== searchGeneration) return;
      set({
        searchHits: result.hits,
        searchConversations: result.conversations ?? [],
        searchCursor: result.nextCursor,
        searchProblems: result.problems ?? [],
        searchLoading: false,
        searchError: null,
      });
    } catch (error) {
      if (generation !== searchGeneration) return;
      set({ searchHits: [], searchConversations: [], searchCursor: null, searchLoading: false, searchError: errorMessage(error) });
    }
  },

  async loadMoreHits() {
    const { searchCursor, searchQuery, searchLoading, scopeNumberId } = get();
    if (!searchCursor || searchLoading) return;
    const generation = searchGeneration;
    set({ searchLoading: true });
    try {
      const result = await client.call('search:query', {
        query: searchQuery,
        ...(scopeNumberId !== null ? { numberId: scopeNumberId } : {}),
        limit: 50,
        cursor: searchCursor,
      });
      if (generation !== searchGeneration) return;
      set((state) => ({ searchHits: [...state.searchHits, ...result.hits], searchCursor: result.nextCursor, searchLoading: false }));
    } catch {
      if (generation === searchGeneration) set({ searchLoading: false });
    }
  },

  clearSearch() {
    get().setSearchQuery('');
  },

  async jumpToHit(hit) {
    await get().openConversation(hit.conversation.id, { messageId: hit.message.id, highlights: hit.highlights });
  },
});
