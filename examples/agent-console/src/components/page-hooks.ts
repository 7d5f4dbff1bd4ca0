import { useEffect, useState } from 'preact/hooks';
import type { ConsoleState } from '../console-state.ts';

/**
 * Tells the console whether the agent can see the conversations: the page hidden (the agent in
 * another browser tab) or the dashboard open, the conversation shown was still marked read as its
 * shopper wrote, with no unread count for when the agent came back.
 */
export function useOnScreen(state: ConsoleState | undefined, desk: boolean): void {
  useEffect(() => {
    if (!state) return;
    const update = () => state.setOnScreen(desk && document.visibilityState !== 'hidden');
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, [state, desk]);
}

/**
 * Asks the hub for a word when the page is shown again or the network comes back: a laptop that
 * slept, or Wi-Fi that switched, leaves a socket that looks open but is dead, which the client
 * would otherwise notice only after its next quiet spell; and a client waiting out its backoff
 * (up to 15 s) tries at once.
 */
export function useConnectionChecks(state: ConsoleState | undefined): void {
  useEffect(() => {
    if (!state) return;
    const check = () => {
      if (document.visibilityState !== 'hidden') state.client.checkConnection();
    };
    document.addEventListener('visibilitychange', check);
    addEventListener('online', check);
    return () => {
      document.removeEventListener('visibilitychange', check);
      removeEventListener('online', check);
    };
  }, [state]);
}

/**
 * The browser's word on the network. After Wi-Fi drops, the socket looks open for up to two
 * heartbeats (25 s each): the header said Connected while a reply sat at Sending…
 */
export function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine !== false);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine !== false);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}
