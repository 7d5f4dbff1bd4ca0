import { useEffect, useRef } from 'preact/hooks';
import { alertText } from '../alert-text.ts';
import type { ConsoleState } from '../console-state.ts';
import type { Colleague } from './colleague-dialogs.tsx';
import { composerId } from './composer.tsx';
import { ConversationTabs, ConversationView, focusConversation } from './conversation-view.tsx';
import { Inbox } from './inbox.tsx';
import { Said } from './said.tsx';

/** True when a key press belongs to a field (typing "j" in a reply must not switch conversations). */
function inField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

/**
 * The agent's desk: the inbox on the left, the open conversations on the right. Keyboard first:
 * j/k move between open conversations, `/` jumps to the composer's canned-reply search.
 */
export function ConsoleView({
  state,
  colleagues,
  groups,
  browserOnline = true,
}: {
  state: ConsoleState;
  colleagues: Colleague[];
  groups: string[];
  /** The browser's own online flag: offline, the console is cut off before the hub socket notices. */
  browserOnline?: boolean;
}) {
  const t = state.t.value;
  // What the header calls connected: presence read while cut off would claim what nobody knows.
  const live = browserOnline && state.connection.value === 'open';
  const active = state.active.value;

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || inField(e.target)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        if (e.key === 'j') state.next();
        else state.prev();
      } else if (e.key === '/' && state.activeId.value) {
        const box = document.getElementById(composerId(state.activeId.value)) as HTMLTextAreaElement | null;
        if (!box || box.disabled) return;
        e.preventDefault();
        const draft = box.value;
        const next = draft && !/\s$/.test(draft) ? `${draft} /` : `${draft}/`;
        // Through the field itself, at once: keys typed right after "/" must land after it.
        box.focus();
        box.value = next;
        box.setSelectionRange(next.length, next.length);
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [state]);

  // Signed in: the sign-in form went, and focus with it, to the page's start (the agent's next Tab
  // went through the header first). The work starts at the inbox.
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body)
      document.getElementById('inbox-panel')?.focus();
  }, []);

  // A conversation that had focus went away (transferred, handed back, left): focus went down
  // with it, to the page's start. It goes on to the conversation shown now, or the inbox.
  const shown = useRef(active?.id);
  useEffect(() => {
    const before = shown.current;
    shown.current = active?.id;
    if (!before || before === active?.id || state.open.value.some((c) => c.id === before)) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    if (active) focusConversation(active.id);
    else document.getElementById('inbox-panel')?.focus();
  }, [active?.id]);

  return (
    <div class="desk">
      <Inbox state={state} />
      <main class="workspace" aria-label={t.openConversations}>
        <h1 class="sr-only">{t.appTitle}</h1>
        {state.alerts.value.length > 0 ? (
          <ul class="alerts" aria-label={t.alerts}>
            {state.alerts.value.map((a) => {
              // Five "first response overdue" lines are told apart only by whom each is about.
              const who = state.shopperLabel(a.conversationId);
              return (
                <li key={a.id} class={`alert alert-${a.kind}`} data-kind={a.kind}>
                  <span>
                    {who ? (
                      <strong class="who">
                        <Said text={who} /> ·{' '}
                      </strong>
                    ) : null}
                    {alertText(a, t)}
                  </span>
                  {a.conversationId ? (
                    <button
                      type="button"
                      class="link"
                      aria-label={who ? `${t.open} · ${who}` : undefined}
                      onClick={() => void state.openConversation(a.conversationId!)}
                    >
                      {t.open}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    class="x"
                    aria-label={who ? `${t.dismiss} · ${who}` : t.dismiss}
                    onClick={() => state.dismissAlert(a.id)}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        ) : null}
        <ConversationTabs state={state} live={live} />
        {active ? (
          <ConversationView
            key={active.id}
            state={state}
            conversation={active}
            colleagues={colleagues}
            groups={groups}
            live={live}
          />
        ) : (
          <p class="placeholder">{t.noConversation}</p>
        )}
      </main>
    </div>
  );
}
