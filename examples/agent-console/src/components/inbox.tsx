import type { InboxItem } from '@kefu/protocol';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AssignableColleague } from '../console-actions.ts';
import { ALL_SHOWN, type InboxTab, previewOf } from '../console-inbox.ts';
import type { ConsoleState } from '../console-state.ts';
import type { Strings } from '../strings.ts';
import { formatDuration } from '../time-format.ts';
import { AssignDialog } from './colleague-dialogs.tsx';
import { focusConversation } from './conversation-view.tsx';
import { bidiSafe, Said } from './said.tsx';
import { SlaCountdown } from './sla-countdown.tsx';
import { TagChips } from './tag-editor.tsx';

/**
 * The inbox: queued conversations per skill group (waiting time, priority, live SLA countdown),
 * the agent's own (assigned, pending, tickets), and for supervisors everything.
 */
export function Inbox({ state }: { state: ConsoleState }) {
  const t = state.t.value;
  const supervisor = state.me.value?.supervisor === true;
  const tabs: [InboxTab, string, number][] = [
    ['queued', t.tabQueued, state.queuedCount.value],
    ['mine', t.tabMine, state.mine.value.length],
    // The inbox's length, not the sorted list's: its sort waits until the tab is shown.
    ...(supervisor ? [['all', t.tabAll, state.inbox.value.length] as [InboxTab, string, number]] : []),
  ];
  const current = state.tab.value === 'all' && !supervisor ? 'mine' : state.tab.value;
  const select = (tab: InboxTab) => {
    state.tab.value = tab;
  };
  // The row focus is in (a button, its dialog), and where it stood: when the row leaves the list
  // (assigned from its dialog, taken by a colleague), focus went with it to <body>, and the next
  // Tab started at the page's header. It goes to the row that took its place.
  const focusedRow = useRef<{ id: string; index: number } | undefined>(undefined);
  useEffect(() => {
    const onFocus = (e: FocusEvent) => {
      const row = (e.target as Element | null)?.closest?.('#inbox-panel li[data-conversation]');
      const rows = [...document.querySelectorAll('#inbox-panel li[data-conversation]')];
      focusedRow.current = row
        ? { id: row.getAttribute('data-conversation')!, index: rows.indexOf(row) }
        : undefined;
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, []);
  useLayoutEffect(() => {
    const was = focusedRow.current;
    const panel = document.getElementById('inbox-panel');
    if (!was || !panel || document.activeElement !== document.body) return;
    if (panel.querySelector(`li[data-conversation="${CSS.escape(was.id)}"]`)) return;
    const rows = panel.querySelectorAll('li[data-conversation]');
    const next = rows[Math.min(was.index, rows.length - 1)]?.querySelector('button');
    (next ?? panel).focus();
  });
  return (
    <nav class="inbox" aria-label={t.inbox}>
      <div role="tablist" aria-label={t.inbox} class="tabs">
        {tabs.map(([id, label, count], i) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`inbox-tab-${id}`}
            aria-selected={current === id}
            aria-controls="inbox-panel"
            tabIndex={current === id ? 0 : -1}
            onClick={() => select(id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]![0];
              select(next);
              document.getElementById(`inbox-tab-${next}`)?.focus();
            }}
          >
            {label} <span class="count">{count}</span>
          </button>
        ))}
      </div>
      <div
        id="inbox-panel"
        role="tabpanel"
        aria-labelledby={`inbox-tab-${current}`}
        class="inbox-panel"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab panel takes focus (APG tabs): an empty list has nothing else to, a long one scrolls by keyboard
        tabIndex={0}
      >
        {state.full.value ? (
          <p id="capacity-full" class="capacity-full" role="status">
            {t.fullNotice(state.holding.value, state.capacity.value ?? 0)}
          </p>
        ) : null}
        {current === 'queued' ? (
          state.queuedByGroup.value.length === 0 ? (
            <p class="empty">{t.emptyQueued}</p>
          ) : (
            state.queuedByGroup.value.map(({ group, items, total }) => (
              <section key={group} class="group" aria-label={t.group(group)}>
                <h3>
                  {t.group(group)} <span class="count">{total}</span>
                </h3>
                {/* Only the first rows are drawn (a flood would be thousands): the rest are counted. */}
                <ItemList
                  state={state}
                  items={items}
                  more={total > items.length ? t.moreWaiting(total - items.length) : undefined}
                />
              </section>
            ))
          )
        ) : (
          <ItemList
            state={state}
            items={current === 'mine' ? state.mine.value : state.all.value.slice(0, ALL_SHOWN)}
            empty={current === 'mine' ? t.emptyMine : t.emptyAll}
            more={
              current === 'all' && state.all.value.length > ALL_SHOWN
                ? t.moreOlder(state.all.value.length - ALL_SHOWN)
                : undefined
            }
          />
        )}
      </div>
      <p class="shortcut-hint">{t.shortcuts}</p>
    </nav>
  );
}

function ItemList({
  state,
  items,
  empty,
  more,
}: {
  state: ConsoleState;
  items: readonly InboxItem[];
  empty?: string;
  /** Said below the rows when more are there than drawn. */
  more?: string | undefined;
}) {
  if (items.length === 0) return <p class="empty">{empty}</p>;
  return (
    <>
      <ul class="items">
        {items.map((item) => (
          <InboxRow key={item.conversationId} state={state} item={item} />
        ))}
      </ul>
      {more ? <p class="more-waiting">{more}</p> : null}
    </>
  );
}

export function InboxRow({ state, item }: { state: ConsoleState; item: InboxItem }) {
  const t: Strings = state.t.value;
  const now = state.clock.value;
  const me = state.me.value?.id;
  const isOpen = state.open.value.some((c) => c.id === item.conversationId);
  const waiting = item.state.status === 'queued' || (item.state.status === 'ticket' && !item.state.agent);
  const action = isOpen ? t.open : waiting ? t.accept : item.state.agent?.id === me ? t.open : t.view;
  // At capacity the hub refuses an Accept: the button says why (the notice above the list) instead.
  const full = waiting && !isOpen && state.full.value;
  const who = item.shopper.name ?? t.visitor(item.shopper.id);
  const since = item.queuedAt ?? item.createdAt;
  const preview = previewOf(item, t);
  return (
    <li
      class={`item${state.activeId.value === item.conversationId ? ' active' : ''}`}
      data-conversation={item.conversationId}
      data-status={item.state.status}
    >
      <div class="line1">
        <span class="who">
          <Said text={who} />
        </span>
        {item.shopper.tier ? <span class="badge tier">{item.shopper.tier}</span> : null}
        <span class={`status status-${item.state.status}`}>
          {t.status[item.state.status] ?? item.state.status}
          {item.state.agent && item.state.agent.id !== me ? ` · ${item.state.agent.name}` : ''}
        </span>
      </div>
      {preview ? (
        <div class="preview">
          <Said text={preview} />
        </div>
      ) : null}
      <TagChips tags={item.state.tags} t={t} />
      <div class="line3">
        {waiting ? <span class="wait">{t.waiting(formatDuration(now - since))}</span> : null}
        {item.priority > 0 ? <span class="badge prio">{t.priority(item.priority)}</span> : null}
        {item.sla ? <SlaCountdown sla={item.sla} now={now} t={t} /> : null}
        {item.page?.product ? (
          <span class="product">
            🛍 <Said text={item.page.product.title} />
          </span>
        ) : null}
      </div>
      <button
        type="button"
        class={waiting && !isOpen ? 'small accept' : 'small secondary open'}
        aria-label={`${action} · ${bidiSafe(who)}`}
        // aria-disabled, not disabled: the button stays in the Tab order and reads out why.
        {...(full ? { 'aria-disabled': 'true', 'aria-describedby': 'capacity-full' } : {})}
        onClick={() => {
          if (full) return;
          void state.openConversation(item.conversationId).then((ok) => {
            // Accepted, the row and this button leave the queue: focus goes to the conversation
            // (once it is drawn) instead of falling back to the start of the page.
            if (ok) requestAnimationFrame(() => focusConversation(item.conversationId));
          });
        }}
      >
        {action}
      </button>
      {waiting && state.mayAssign.value ? <AssignButton state={state} item={item} who={who} /> : null}
    </li>
  );
}

/**
 * "Assign to…" on a waiting conversation, for supervisors (and agents the shop lets assign):
 * the colleagues online now with their load; an agent who is not a supervisor is offered only
 * those of the conversation's group (the hub refuses the others).
 */
function AssignButton({ state, item, who }: { state: ConsoleState; item: InboxItem; who: string }) {
  const t: Strings = state.t.value;
  const supervisor = state.me.value?.supervisor === true;
  const [agents, setAgents] = useState<AssignableColleague[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const open = async () => {
    const online = (await state.assignable()) ?? [];
    const group = item.state.group;
    setError(undefined);
    setAgents(supervisor ? online : online.filter((a) => group !== undefined && a.groups.includes(group)));
  };
  return (
    <>
      <button
        type="button"
        class="small secondary assign"
        aria-label={`${t.assignTo} · ${bidiSafe(who)}`}
        onClick={() => void open()}
      >
        {t.assignTo}
      </button>
      {agents ? (
        <AssignDialog
          t={t}
          error={error}
          agents={agents}
          supervisor={supervisor}
          onCancel={() => setAgents(undefined)}
          onAssign={(agentId, options) =>
            void state.assign(item.conversationId, agentId, options).then((ok) => {
              if (ok) setAgents(undefined);
              else setError(state.flash.value);
            })
          }
        />
      ) : null}
    </>
  );
}
