import type { OpenConversation } from '@kefu/sdk/agent';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { fillCanned } from '../canned.ts';
import type { Suggestion } from '../console-drafts.ts';
import type { ConsoleState } from '../console-state.ts';
import { dayKey } from '../time-format.ts';
import { transferGroups } from '../transfer-groups.ts';
import { CloseDialog, HandbackDialog, PendingDialog, TicketDialog } from './action-dialogs.tsx';
import { AssistPanel } from './assist-panel.tsx';
import { type Colleague, TransferDialog } from './colleague-dialogs.tsx';
import { appendToDraft, Composer, composerId, focusInserted } from './composer.tsx';
import { ProfilePanel } from './profile-panel.tsx';
import { bidiSafe, Said } from './said.tsx';
import { SlaCountdown } from './sla-countdown.tsx';
import { TagEditor } from './tag-editor.tsx';
import { Transcript } from './transcript.tsx';

type DialogKind = 'transfer' | 'close' | 'pending' | 'ticket' | 'handback' | undefined;

/** Moves focus into an open conversation: its reply box, or its tab when there is none to type in. */
export function focusConversation(id: string): void {
  const box = document.getElementById(composerId(id)) as HTMLTextAreaElement | null;
  (box && !box.disabled ? box : document.getElementById(`conv-tab-${id}`))?.focus();
}

/**
 * Whether the shopper has the chat open, as far as the console can tell: cut off from the hub it
 * hears no presence frames, so the last one it heard would claim what it no longer knows.
 */
function presenceOf(shopperOnline: boolean, live: boolean): 'online' | 'left' | 'unknown' {
  if (!live) return 'unknown';
  return shopperOnline ? 'online' : 'left';
}

/**
 * Tabs of the open conversations: several at once, j/k to move between them. `live`: connected to
 * the hub as the header says it (the hub's socket open, and the browser not offline).
 */
export function ConversationTabs({ state, live: given }: { state: ConsoleState; live?: boolean }) {
  const t = state.t.value;
  const live = given ?? state.connection.value === 'open';
  const activeId = state.activeId.value;
  // j/k select a tab that may be scrolled out of a narrow strip: bring it in, sideways only (the page stays put).
  useEffect(() => {
    const tab = activeId ? document.getElementById(`conv-tab-${activeId}`)?.parentElement : undefined;
    const strip = tab?.parentElement;
    if (!tab || !strip) return;
    const at = tab.getBoundingClientRect();
    const view = strip.getBoundingClientRect();
    if (at.left < view.left) strip.scrollLeft -= view.left - at.left;
    else if (at.right > view.right) strip.scrollLeft += at.right - view.right;
  }, [activeId]);
  if (state.open.value.length === 0) return null;
  /** Arrow keys move between the tabs, as in any tablist: only the selected tab is in the Tab order. */
  const move = (e: KeyboardEvent) => {
    const by = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!by) return;
    e.preventDefault();
    if (by === 1) state.next();
    else state.prev();
    document.getElementById(`conv-tab-${state.activeId.value}`)?.focus();
  };
  return (
    <div class="conv-tabs" role="tablist" aria-label={t.openConversations}>
      {state.open.value.map((c) => {
        const who = c.shopper.name ?? t.visitor(c.shopper.id);
        const selected = state.activeId.value === c.id;
        const presence = presenceOf(c.shopperOnline, live);
        const typingNow = state.typing.value[c.id];
        const unread = state.unread.value[c.id] ?? 0;
        return (
          <div
            class={`conv-tab${selected ? ' on' : ''}`}
            key={c.id}
            data-conversation={c.id}
            role="presentation"
          >
            <button
              type="button"
              role="tab"
              id={`conv-tab-${c.id}`}
              aria-selected={selected}
              aria-controls="conversation-pane"
              tabIndex={selected ? 0 : -1}
              title={t.closeTabHint}
              onClick={() => state.activate(c.id)}
              onKeyDown={(e) => {
                if (e.key === 'Delete') void state.closeTab(c.id);
                else move(e);
              }}
            >
              <Said text={who} />
              {/* Green reads as "online": once the shopper has left, the dot is a grey ring whatever the status. */}
              <span
                class={`dot status-${c.state.status}${presence === 'online' ? '' : ' left'}`}
                aria-hidden="true"
              />
              {presence === 'online' ? null : (
                <span class="sr-only"> · {presence === 'left' ? t.shopperLeft : t.shopperUnknown}</span>
              )}
              {typingNow ? <span class="sr-only"> · {t.typing}</span> : null}
              {unread > 0 ? (
                <span class="unread" data-unread={unread}>
                  <span aria-hidden="true">{unread}</span>
                  <span class="sr-only"> · {t.unread(unread)}</span>
                </span>
              ) : null}
              {/* The mouse's way to close; keyboards use Delete on the tab or "Leave" in the toolbar. */}
              <span
                class="x"
                aria-hidden="true"
                data-close={c.id}
                onClick={(e) => {
                  e.stopPropagation();
                  void state.closeTab(c.id);
                }}
              >
                ×
              </span>
            </button>
          </div>
        );
      })}
    </div>
  );
}

/**
 * The open conversation: header with its state, SLA countdown and actions; the transcript; the
 * composer; beside them agent assist and the shopper's profile.
 */
export function ConversationView({
  state,
  conversation,
  colleagues,
  groups,
  live,
}: {
  state: ConsoleState;
  conversation: OpenConversation;
  colleagues: Colleague[];
  /** The groups a transfer may go to; those the inbox names are added to them. */
  groups: string[];
  /**
   * Connected as the header says it (default: the hub's socket open): a browser gone offline is
   * cut off before its socket knows.
   */
  live?: boolean;
}) {
  const t = state.t.value;
  const [dialog, setDialog] = useState<DialogKind>(undefined);
  // Who the transfer dialog offers: the colleagues online when it opened (an offline one cannot take it).
  const [online, setOnline] = useState<Colleague[] | undefined>(undefined);
  const id = conversation.id;
  const item = state.inbox.value.find((i) => i.conversationId === id);
  const me = state.me.value?.id;
  const s = conversation.state;
  const mine =
    s.agent?.id === me && (s.status === 'assigned' || s.status === 'pending' || s.status === 'ticket');
  // Another's (a colleague's, an earlier one): the hub refuses what an agent writes there, a
  // supervisor excepted; a conversation waiting in the group is accepted (or, a ticket, worked) first.
  const supervisor = state.me.value?.supervisor === true;
  const writable = mine || supervisor || s.status === 'queued' || s.status === 'ticket';
  const presence = presenceOf(conversation.shopperOnline, live ?? state.connection.value === 'open');
  // A supervisor moves a colleague's conversation to someone else (the hub lets them; an agent
  // who went home with shoppers still waiting is the usual reason).
  const reassignable =
    mine ||
    (supervisor &&
      s.agent !== undefined &&
      (s.status === 'assigned' || s.status === 'pending' || s.status === 'ticket'));
  // Whom the transfer dialog offers: never the agent who has it now.
  const targets = (online ?? colleagues.filter((c) => c.id !== me)).filter((c) => c.id !== s.agent?.id);
  const who = conversation.shopper.name ?? t.visitor(conversation.shopper.id);
  const others = state.inbox.value.filter(
    (i) => i.shopper.id === conversation.shopper.id && i.conversationId !== id,
  );

  // The same function from draw to draw, so the transcript is not drawn again for a new one.
  const loadOlder = useCallback(() => void state.loadOlder(id), [state, id]);
  const following = useCallback((at: boolean) => state.setFollowing(id, at), [state, id]);

  function insert(text: string, suggestion: Suggestion) {
    const filled = fillCanned(text, state.cannedContext(id)).text;
    const next = appendToDraft(state.drafts.value[id] ?? '', filled);
    state.setDraft(id, next);
    state.suggested(id, suggestion);
    // A canned reply's picture goes with it, as when it is picked with `/`.
    const canned =
      suggestion.kind === 'canned'
        ? [...(state.assists.value[id]?.canned ?? []), ...state.canned.value].find(
            (c) => c.id === suggestion.id,
          )
        : undefined;
    if (canned?.image) state.images.attachCanned(id, canned.image);
    // As with `/`: an unfilled variable is selected, ready to be typed over.
    focusInserted(id, next, next.length - filled.length, filled);
  }
  /** Why the hub refused the open dialog's action: said in the dialog, not only in the page's flash behind it. */
  const [dialogError, setDialogError] = useState<string | undefined>(undefined);
  const done = (ok: boolean) => {
    if (ok) setDialog(undefined);
    setDialogError(ok ? undefined : state.flash.value);
  };
  // A dialog closed or another opened: the refusal was the old one's.
  useEffect(() => setDialogError(undefined), [dialog]);
  // Closed, the toolbar's buttons are disabled and the reply box goes: focus on them (the Close
  // button the dialog returns it to) fell to <body>. It goes to the conversation's tab.
  useEffect(() => {
    if (s.status !== 'closed' || dialog) return;
    const at = document.activeElement as HTMLButtonElement | null;
    if (!at || at === document.body || at.disabled) document.getElementById(`conv-tab-${id}`)?.focus();
  }, [s.status, dialog]);

  return (
    <div class="conversation" id="conversation-pane" role="tabpanel" aria-labelledby={`conv-tab-${id}`}>
      <div class="conv-main">
        <header class="conv-head">
          <h2>
            <Said text={who} />
            {conversation.shopper.tier ? <span class="badge tier">{conversation.shopper.tier}</span> : null}
            <span
              class={`badge ${presence === 'online' ? 'presence-on' : 'presence-off'}`}
              data-presence={presence}
            >
              {presence === 'online' ? t.shopperHere : presence === 'left' ? t.shopperLeft : t.shopperUnknown}
            </span>
          </h2>
          <span class={`status status-${s.status}`} data-status={s.status}>
            {t.status[s.status] ?? s.status}
            {s.group ? ` · ${t.group(s.group)}` : ''}
            {s.agent ? ` · ${s.agent.name}` : ''}
          </span>
          {item?.sla && s.status !== 'closed' ? (
            <SlaCountdown sla={item.sla} now={state.clock.value} t={t} />
          ) : null}
          {s.rating ? <span class="badge rating">{t.rating(s.rating)}</span> : null}
          {/* Joined, not taken (an earlier conversation, a colleague's): the hub refuses replies here. */}
          {!writable || (!mine && s.status === 'closed') ? (
            <span class="badge read-only">{t.readOnly}</span>
          ) : null}
          <div class="actions" role="toolbar" aria-label={t.actions}>
            <button
              type="button"
              class="secondary"
              disabled={!reassignable}
              onClick={() =>
                void state.colleaguesOnline().then((list) => {
                  setOnline(list);
                  setDialog('transfer');
                })
              }
            >
              {t.transfer}
            </button>
            <button type="button" class="secondary" disabled={!mine} onClick={() => setDialog('pending')}>
              {t.pending}
            </button>
            <button type="button" class="secondary" disabled={!mine} onClick={() => setDialog('ticket')}>
              {t.ticket}
            </button>
            <button type="button" class="secondary" disabled={!mine} onClick={() => setDialog('handback')}>
              {t.handback}
            </button>
            <button type="button" class="danger" disabled={!mine} onClick={() => setDialog('close')}>
              {t.closeConv}
            </button>
            <button type="button" class="secondary" onClick={() => void state.closeTab(id)}>
              {t.leave}
            </button>
          </div>
        </header>
        <TagEditor conversationId={id} tags={s.tags ?? []} t={t} onChange={(tags) => state.tags(id, tags)} />
        <Transcript
          conversation={conversation}
          t={t}
          typing={state.typing.value[id] === true}
          images={state.images}
          today={dayKey(state.clock.value)}
          onLoadOlder={loadOlder}
          onFollowing={following}
          me={state.me.value?.id}
          places={state.readingPlaces}
        />
        {writable ? (
          <Composer state={state} conversationId={id} />
        ) : (
          // A closed one may be my own (I just closed it): "someone else's" would be wrong there.
          <p class="muted read-only-note">{s.status === 'closed' ? t.closedNote : t.readOnlyNote}</p>
        )}
      </div>
      <aside class="conv-side">
        <AssistPanel
          assist={state.assists.value[id]}
          t={t}
          onInsert={insert}
          language={state.replyLanguageOf(id)}
        />
        <ProfilePanel
          conversation={conversation}
          others={others}
          t={t}
          now={state.clock.value}
          onOpen={(other) => void state.viewConversation(other)}
          onMoreEarlier={() => void state.loadEarlier(id)}
        />
      </aside>
      {dialog === 'transfer' ? (
        <TransferDialog
          t={t}
          error={dialogError}
          agents={targets}
          nobodyOnline={online !== undefined && targets.length === 0}
          groups={transferGroups(
            [
              ...groups,
              ...(state.hubGroups.value ?? []),
              ...state.inbox.value.flatMap((i) => (i.state.group ? [i.state.group] : [])),
            ],
            online,
          )}
          onCancel={() => setDialog(undefined)}
          onTransfer={(to, note) =>
            void state.transfer(id, to, note).then(async (ok) => {
              done(ok);
              // Refused a colleague who went away or signed out since the list was read: read it
              // again, so the dialog no longer offers them (OK would meet the same refusal).
              if (!ok && 'agentId' in to) setOnline(await state.colleaguesOnline());
            })
          }
        />
      ) : dialog === 'close' ? (
        <CloseDialog
          t={t}
          error={dialogError}
          onCancel={() => setDialog(undefined)}
          onClose={(resolution) => void state.close(id, resolution).then(done)}
        />
      ) : dialog === 'pending' ? (
        <PendingDialog
          t={t}
          error={dialogError}
          now={state.clock.value}
          onCancel={() => setDialog(undefined)}
          onPending={(dueAt, note) => void state.pending(id, dueAt, note).then(done)}
        />
      ) : dialog === 'handback' ? (
        <HandbackDialog
          t={t}
          who={bidiSafe(who)}
          error={dialogError}
          onCancel={() => setDialog(undefined)}
          onHandback={() => void state.handback(id).then(done)}
        />
      ) : dialog === 'ticket' ? (
        <TicketDialog
          t={t}
          error={dialogError}
          hasTicket={s.ticket !== undefined}
          onCancel={() => setDialog(undefined)}
          onTicket={(action, note) => void state.ticket(id, action, note).then(done)}
        />
      ) : null}
    </div>
  );
}
