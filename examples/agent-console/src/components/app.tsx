import { signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { actionErrorText, hubRefusal, refusalText } from '../action-error.ts';
import { type ConsoleState, createConsoleState } from '../console-state.ts';
import { createDashboardState } from '../dashboard-state.ts';
import { createKnowledgeState } from '../knowledge-state.ts';
import { KNOWLEDGE_STRINGS } from '../knowledge-strings.ts';
import { STRINGS } from '../strings.ts';
import type { AppProps, Page } from './app-types.ts';
import { ConsoleView } from './console-view.tsx';
import { Dashboard } from './dashboard.tsx';
import { Header } from './header.tsx';
import { KnowledgePage } from './knowledge-page.tsx';
import { Announcement, HubIgnored, Stopped } from './notices.tsx';
import { useBrowserOnline, useConnectionChecks, useOnScreen } from './page-hooks.ts';
import { SignIn } from './sign-in.tsx';

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
        <ConsoleView state={state} colleagues={colleagues} groups={groups} browserOnline={browserOnline} />
      )}
    </>
  );
}

/** The hub as an agent would name it to their admin: its host, or the URL as given. */
function hubHost(url: string | undefined): string {
  if (!url) return typeof location === 'undefined' ? '' : location.host;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
