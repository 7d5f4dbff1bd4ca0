import { type Signal, signal } from '@preact/signals';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { actionErrorText, hubRefusal, refusalText } from '../action-error.ts';
import type { Attention } from '../attention.ts';
import type { ConsoleConfig } from '../console-config.ts';
import {
  type ConsoleClient,
  type ConsoleState,
  type ConsoleStateOptions,
  createConsoleState,
} from '../console-state.ts';
import { createDashboardState } from '../dashboard-state.ts';
import { createKnowledgeState } from '../knowledge-state.ts';
import { KNOWLEDGE_STRINGS } from '../knowledge-strings.ts';
import { STRINGS, type Strings } from '../strings.ts';
import { SignOutDialog } from './action-dialogs.tsx';
import { ConsoleView } from './console-view.tsx';
import { Dashboard } from './dashboard.tsx';
import { KnowledgePage } from './knowledge-page.tsx';
import { SignIn } from './sign-in.tsx';

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

/**
 * The whole console: sign-in, then the agent's desk or the supervisor's dashboard, under one
 * header (connection, status, sound, notifications, language). One client per sign-in, shared
 * by both pages, so moving between them does not reconnect.
 */
export function App(props: AppProps) {
  const ui = useMemo(
    () => ({
      lang: signal(props.lang),
      page: signal<Page>(props.page),
      state: signal<ConsoleState | undefined>(undefined),
      /** The sign-in under way: its connection is what the header and the form show meanwhile. */
      signingIn: signal<ConsoleState | undefined>(undefined),
      error: signal<string | undefined>(undefined),
      /** The token of the last sign-in: "sign in again" after the hub refused a reconnect uses it. */
      token: undefined as string | undefined,
    }),
    [],
  );
  const t = STRINGS[ui.lang.value];
  const state = ui.state.value;
  const browserOnline = useBrowserOnline();
  // A sign-in waiting on the hub too: the network back, it tries at once rather than after its backoff.
  useConnectionChecks(state ?? ui.signingIn.value);
  useOnScreen(state, ui.page.value === 'console');

  useEffect(() => {
    document.documentElement.lang = t.lang;
    const title =
      ui.page.value === 'dashboard'
        ? t.dashboardTitle
        : ui.page.value === 'knowledge'
          ? KNOWLEDGE_STRINGS[ui.lang.value].title
          : t.appTitle;
    document.title = `${title} · Kefu`;
    // Only when they change: the app draws on every connection and flash change, and setting the
    // title (even to itself) costs the browser a title update each time.
  }, [t, ui.page.value]);

  /**
   * Signs in: resolves once the hub has welcomed the agent. While the hub cannot be reached the
   * client keeps trying and the form says so; the agent is signed in as soon as it answers.
   */
  async function signIn(token: string): Promise<void> {
    ui.error.value = undefined;
    const next = createConsoleState(props.makeClient(token), {
      lang: ui.lang.value,
      // Signed in from a hidden tab (reloaded in the background), what the hub assigns is not read yet.
      onScreen: document.visibilityState !== 'hidden' && ui.page.value === 'console',
      ...(props.attention ? { attention: props.attention } : {}),
      ...(props.drafts ? { drafts: props.drafts } : {}),
    });
    ui.signingIn.value = next;
    ui.token = token;
    try {
      await next.connect();
      if (ui.signingIn.value !== next) return next.dispose(); // cancelled as the welcome came
      props.session?.set(token);
      ui.state.value = next;
    } catch (error) {
      next.dispose();
      if (ui.signingIn.value !== next) return; // cancelled: nothing failed
      props.session?.set(null);
      ui.error.value = t.signInFailed(refusalText(error, t));
    } finally {
      if (ui.signingIn.value === next) ui.signingIn.value = undefined;
    }
  }

  function cancelSignIn(): void {
    const pending = ui.signingIn.value;
    ui.signingIn.value = undefined;
    pending?.dispose();
  }

  useEffect(() => {
    const saved = props.session?.get();
    if (saved) void signIn(saved);
  }, []);

  const dash = useMemo(
    () =>
      state
        ? createDashboardState(state.client, props.fetchMetrics ? { fetchMetrics: props.fetchMetrics } : {})
        : undefined,
    [state],
  );

  const knowledge = useMemo(() => (state ? createKnowledgeState(state.client) : undefined), [state]);

  if (!state) {
    const signing = ui.signingIn.value;
    const lost = signing?.connection.value === 'reconnecting' || signing?.connection.value === 'offline';
    // The hub refusing for now (too many sign-ins, its store down) is not the hub out of reach.
    const refusal = hubRefusal(signing?.connectionReason.value);
    const waiting = !browserOnline
      ? t.browserOffline
      : !lost
        ? undefined
        : refusal
          ? t.hubRefusing(actionErrorText(refusal, t))
          : t.hubUnreachable(hubHost(props.hubUrl));
    return (
      <>
        <Header ui={ui} props={props} browserOnline={browserOnline} />
        <HubIgnored t={t} hub={props.hubIgnored} />
        <SignIn
          t={t}
          demoTokens={props.config.demoTokens}
          error={ui.error.value}
          waiting={waiting}
          onSignIn={signIn}
          onCancel={cancelSignIn}
        />
      </>
    );
  }

  const colleagues = props.config.agents ?? [];
  // The groups the inbox names are added by the transfer dialog: read here, every inbox update (one
  // per shopper message) drew the whole app again.
  const groups = [
    ...new Set([
      ...(props.config.groups ?? []),
      ...colleagues.flatMap((a) => a.groups ?? []),
      ...(state.me.value?.groups ?? []),
    ]),
  ];
  return (
    <>
      <Header ui={ui} props={props} state={state} browserOnline={browserOnline} />
      <HubIgnored t={t} hub={props.hubIgnored} />
      {state.connection.value === 'failed' ? (
        <Stopped
          t={t}
          reason={state.connectionReason.value}
          onSignInAgain={() => {
            // A fresh client: the one stopped stays stopped (a refused profile, a revoked token).
            state.dispose();
            ui.state.value = undefined;
            if (ui.token) void signIn(ui.token);
          }}
        />
      ) : null}
      <Announcement state={state} />
      {state.flash.value ? (
        <div class="flash" role="alert">
          <span>{state.flash.value}</span>
          <button
            type="button"
            class="x"
            aria-label={t.dismiss}
            onClick={() => {
              state.flash.value = undefined;
            }}
          >
            ×
          </button>
        </div>
      ) : null}
      {ui.page.value === 'dashboard' && dash ? (
        <Dashboard state={state} dash={dash} metricsUrl={props.config.metricsUrl ?? '/metrics'} />
      ) : ui.page.value === 'knowledge' && knowledge && state.me.value?.supervisor ? (
        <KnowledgePage knowledge={knowledge} lang={ui.lang.value} />
      ) : (
        <ConsoleView state={state} colleagues={colleagues} groups={groups} />
      )}
    </>
  );
}

/**
 * The hub refused this agent on a reconnect (a profile the merchant's plug-in rejects, a token
 * revoked): the client stopped for good, so the agent is told why and given a way to sign in
 * again, instead of a header saying "Failed" over a desk that no longer works.
 */
function Stopped({
  t,
  reason,
  onSignInAgain,
}: {
  t: Strings;
  reason: string | undefined;
  onSignInAgain: () => void;
}) {
  const refusal = hubRefusal(reason);
  const why = refusal ? refusalText(refusal, t) : reason || t.connection.failed!;
  return (
    <div class="flash stopped" role="alert">
      <span>{t.stoppedFor(why)}</span>
      <button type="button" class="secondary" onClick={onSignInAgain}>
        {t.signInAgain}
      </button>
    </div>
  );
}

/** Says that the link's `?hub=` was not used, so the agent knows which hub they are on. */
function HubIgnored({ t, hub }: { t: Strings; hub: string | undefined }) {
  return hub ? (
    <div class="flash hub-ignored" role="alert">
      <span>{t.hubIgnored(hub)}</span>
    </div>
  ) : null;
}

type Ui = {
  lang: Signal<'zh' | 'en'>;
  page: Signal<Page>;
  state: Signal<ConsoleState | undefined>;
  signingIn: Signal<ConsoleState | undefined>;
  error: Signal<string | undefined>;
};

/** The hub as an agent would name it to their admin: its host, or the URL as given. */
function hubHost(url: string | undefined): string {
  if (!url) return typeof location === 'undefined' ? '' : location.host;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Tells the console whether the agent can see the conversations: the page hidden (the agent in
 * another browser tab) or the dashboard open, the conversation shown was still marked read as its
 * shopper wrote, with no unread count for when the agent came back.
 */
function useOnScreen(state: ConsoleState | undefined, desk: boolean): void {
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
function useConnectionChecks(state: ConsoleState | undefined): void {
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
function useBrowserOnline(): boolean {
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

function Header({
  ui,
  props,
  state,
  browserOnline,
}: {
  ui: Ui;
  props: AppProps;
  state?: ConsoleState;
  browserOnline: boolean;
}) {
  const t = STRINGS[ui.lang.value];
  const me = state?.me.value;
  /** How many conversations the agent is asked about before signing out (0: not asking). */
  const [confirming, setConfirming] = useState(0);
  const signOut = () => {
    setConfirming(0);
    state?.forgetDrafts();
    state?.dispose();
    props.session?.set(null);
    ui.state.value = undefined;
  };
  const go = (page: Page) => (e: Event) => {
    e.preventDefault();
    ui.page.value = page;
    props.onNavigate?.(page);
  };
  const base = props.config.base.replace(/\/$/, '');
  // Before the welcome, the sign-in's connection: 'Reconnecting' says more than 'Not connected'.
  const live = state ?? ui.signingIn.value;
  const hubConnection = live?.connection.value ?? 'idle';
  const connection = live && !browserOnline ? 'offline' : hubConnection;
  return (
    <>
      <header class="top">
        <span class="brand">
          <span aria-hidden="true">💬 </span>客服 Kefu
        </span>
        {state ? (
          <nav aria-label={t.appTitle} class="pages">
            <a
              href={base || '/'}
              aria-current={ui.page.value === 'console' ? 'page' : undefined}
              onClick={go('console')}
            >
              {t.console}
            </a>
            {me?.supervisor ? (
              <a
                href={`${base}/dashboard`}
                aria-current={ui.page.value === 'dashboard' ? 'page' : undefined}
                onClick={go('dashboard')}
              >
                {t.dashboard}
              </a>
            ) : null}
            {me?.supervisor ? (
              <a
                href={`${base}/knowledge`}
                aria-current={ui.page.value === 'knowledge' ? 'page' : undefined}
                onClick={go('knowledge')}
              >
                {KNOWLEDGE_STRINGS[ui.lang.value].nav}
              </a>
            ) : null}
          </nav>
        ) : null}
        <span class={`conn conn-${connection}`} role="status">
          {t.connection[connection] ?? connection}
        </span>
        <span class="spacer" />
        {state ? (
          <>
            <label class="status-pick">
              <span class="sr-only">{t.statusLabel}</span>
              <select
                value={state.agentStatus.value}
                data-status={state.agentStatus.value}
                onChange={(e) =>
                  void state.setStatus((e.currentTarget as HTMLSelectElement).value as 'online' | 'away')
                }
              >
                <option value="online">● {t.online}</option>
                <option value="away">◐ {t.away}</option>
              </select>
            </label>
            <button
              type="button"
              class="toggle"
              aria-pressed={state.sound.value}
              onClick={() => {
                state.sound.value = !state.sound.value;
                if (state.sound.value) props.attention?.chime();
              }}
            >
              <span aria-hidden="true">{state.sound.value ? '🔔 ' : '🔕 '}</span>
              {t.sound}
            </button>
            <button
              type="button"
              class="toggle"
              aria-pressed={state.permission.value === 'granted'}
              disabled={state.permission.value === 'unsupported' || state.permission.value === 'denied'}
              title={state.permission.value === 'denied' ? t.notificationsBlocked : undefined}
              onClick={() => void state.enableNotifications()}
            >
              {state.permission.value === 'granted' ? t.notificationsOn : t.notifications}
            </button>
          </>
        ) : null}
        <button
          type="button"
          class="toggle"
          lang={ui.lang.value === 'zh' ? 'en' : 'zh-CN'}
          title={t.languageLabel}
          onClick={() => {
            const next = ui.lang.value === 'zh' ? 'en' : 'zh';
            ui.lang.value = next;
            if (state) state.lang.value = next;
            props.onLang?.(next);
          }}
        >
          {t.language}
        </button>
        {state ? (
          <>
            <span class="me">{me?.name}</span>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                const open = state.mine.value.filter((i) => i.state.status === 'assigned').length;
                if (open > 0) setConfirming(open);
                else signOut();
              }}
            >
              {t.signOut}
            </button>
          </>
        ) : null}
      </header>
      {/* Outside the bar: its white text would be the dialog's too (invisible on white). */}
      {state && confirming ? (
        <SignOutDialog t={t} count={confirming} onCancel={() => setConfirming(0)} onSignOut={signOut} />
      ) : null}
    </>
  );
}

/**
 * New work and alerts, spoken by a screen reader (sighted agents hear the chime, see the inbox): its
 * own component, so an announcement redraws one line, not the app.
 */
function Announcement({ state }: { state: ConsoleState }) {
  return (
    <p class="sr-only" role="status">
      {state.announcement.value}
    </p>
  );
}
