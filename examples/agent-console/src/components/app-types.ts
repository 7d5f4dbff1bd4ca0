import type { Signal } from '@preact/signals';
import type { Attention } from '../attention.ts';
import type { ConsoleClient } from '../console-client.ts';
import type { ConsoleConfig } from '../console-config.ts';
import type { ConsoleState, ConsoleStateOptions } from '../console-state.ts';

// The app's props and page state, apart from app.tsx so its header (and the entry) can name them
// without importing the app.

export type Page = 'console' | 'dashboard' | 'knowledge';

export interface AppProps {
  config: ConsoleConfig;
  /** Makes the agent client for a token (the browser entry connects to the hub; tests pass a fake). */
  makeClient: (token: string) => ConsoleClient;
  attention?: Attention;
  lang: 'zh' | 'en';
  page: Page;
  /** Remembers the token for this tab, so a reload does not sign the agent out. */
  session?: { get(): string | null; set(token: string | null): void };
  /** Keeps half-typed replies for this tab, so a reload or Sign in again does not lose them. */
  drafts?: ConsoleStateOptions['drafts'];
  /** Reads the hub's Prometheus text for the dashboard. */
  fetchMetrics?: () => Promise<string | undefined>;
  /** Called when the agent moves between the console and the dashboard (the entry updates the URL). */
  onNavigate?: (page: Page) => void;
  onLang?: (lang: 'zh' | 'en') => void;
  /** A `?hub=` the console ignored because its config does not list it; shown as a notice. */
  hubIgnored?: string;
  /** The hub's URL, named when it cannot be reached. */
  hubUrl?: string;
}

export type Ui = {
  lang: Signal<'zh' | 'en'>;
  page: Signal<Page>;
  state: Signal<ConsoleState | undefined>;
  signingIn: Signal<ConsoleState | undefined>;
  error: Signal<string | undefined>;
};
