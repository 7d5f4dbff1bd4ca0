import { useState } from 'preact/hooks';
import type { ConsoleState } from '../console-state.ts';
import { KNOWLEDGE_STRINGS } from '../knowledge-strings.ts';
import { STRINGS } from '../strings.ts';
import { SignOutDialog } from './action-dialogs.tsx';
import type { AppProps, Page, Ui } from './app-types.ts';

/**
 * The bar over every page: the pages a supervisor moves between, the connection, and the agent's
 * status, sound, notifications, language and sign-out.
 */
export function Header({
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
