import type { SeenStore } from './chat-state.ts';
import { keep, stored } from './page-storage.ts';

/** The last seq the shopper has seen, in localStorage so the unread count survives reloads and is shared by tabs. */
export function localSeenStore(site: string): SeenStore {
  const key = `kefu:${site}:seen`;
  // Private mode: the count lives for this page only.
  let memory = 0;
  return {
    get: () => Number(stored(key)) || memory,
    set(seq) {
      memory = seq;
      // 0 after a logout: no key at all, so the loader no longer takes this browser for a returning shopper's.
      keep(key, seq ? String(seq) : '');
    },
    // Removed when the widget is shut down: a listener left behind per boot (an SPA) kept its chat alive.
    watch(fn) {
      const heard = (e: StorageEvent) => e.key === key && fn(Number(e.newValue));
      addEventListener('storage', heard);
      return () => removeEventListener('storage', heard);
    },
  };
}
