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
        // 0 after a logout: no key at all, so the loader no longer takes this browser for a returning shopper's.
        if (seq) localStorage.setItem(key, String(seq));
        else localStorage.removeItem(key);
      } catch {
        // Private mode: the count lives for this page only.
      }
    },
    // Removed when the widget is shut down: a listener left behind per boot (an SPA) kept its chat alive.
    watch(fn) {
      const heard = (e: StorageEvent) => e.key === key && fn(Number(e.newValue));
      addEventListener('storage', heard);
      return () => removeEventListener('storage', heard);
    },
  };
}
