import type { SeenStore } from './chat-state.ts';

/** The last seq the shopper has seen, in localStorage so the unread count survives reloads and is shared by tabs. */
export function localSeenStore(site: string): SeenStore {
  const key = `kefu:${site}:seen`;
  let memory = 0;
  return {
    get() {
      try {
        return Number(localStorage.getItem(key)) || memory;
      } catch {
        return memory;
      }
    },
    set(seq) {
      memory = seq;
      try {
        localStorage.setItem(key, String(seq));
      } catch {
        // Private mode: the count lives for this page only.
      }
    },
  };
}
