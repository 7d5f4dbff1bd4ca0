import type { Message, QuickReply } from '@kefu/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Locale } from '../../locale.ts';
import type { ChatState } from '../chat-state.ts';
import { FULL_SCREEN, modalWhileFullScreen } from '../full-screen.ts';
import type { Strings } from '../strings.ts';
import { Composer } from './composer.tsx';
import type { CsatProps } from './csat.tsx';
import { Header } from './header.tsx';
import { LazyOrderCard } from './lazy-order-card.tsx';
import { lazyPart } from './lazy-part.tsx';
import { ProductCard } from './product-card.tsx';
import { QuickReplies } from './quick-replies.tsx';
import { reactive } from './reactive.ts';
import type { StatusNoteProps } from './status-note.tsx';
import { Transcript } from './transcript.tsx';

export interface PanelProps {
  chat: ChatState;
  t: Strings;
  locale: string;
  shopName: string;
  /** Closes the panel and gives focus back to the launcher. */
  onClose(): void;
  /** Adds styles to the widget's shadow root (the loader's `addStyles`), for parts loaded later. */
  addStyles?(css: string): void;
  /** Opened by a reload, not by the shopper: focus stays where the page has it. */
  quiet?: boolean;
}

/** The quick replies of the latest message, if it offered any and nobody has spoken since. */
function lastQuickReplies(chat: ChatState): QuickReply[] {
  const last = chat.messages.value.findLast((m) => m.content.kind !== 'system');
  return last?.content.kind === 'quick_replies' && chat.outbox.value.length === 0 ? last.content.replies : [];
}

// Drawn by few shoppers, so loaded when first needed (kefu-csat.js, kefu-status-note.js).
const LazyCsat = lazyPart<CsatProps>(() =>
  import('./csat.tsx').then((m) => ({ Part: m.Csat, css: m.CSAT_CSS })),
);
const LazyStatusNote = lazyPart<StatusNoteProps>(() =>
  import('./status-note.tsx').then((m) => ({ Part: m.StatusNote, css: m.NOTE_CSS })),
);

/** The open chat panel: a non-modal dialog (full screen under 480 px wide). */
export const Panel = reactive(function Panel({
  chat,
  t,
  locale,
  shopName,
  onClose,
  addStyles,
  quiet,
}: PanelProps) {
  const panel = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const status = chat.connection.value;
  const online = status === 'open';
  const state = chat.conversation.value;
  const product = chat.productDismissed.value ? undefined : chat.product.value;
  const order = chat.order.value;
  const replies = lastQuickReplies(chat);
  // What the shopper had seen when the panel was drawn. A reload or the next page with the chat open
  // draws it at once, and the conversation then comes from the hub into the live transcript: a screen
  // reader read it all out again on every page. Those messages are silent; what is newer is said.
  const [seen] = useState(() => [chat.client.conversationId, chat.seenSeq.peek()] as const);
  const old = (m?: Message) => !!m && m.conversationId === seen[0] && m.seq <= seen[1];
  const attach = chat.attach.value;
  const ever = chat.everOpen.value;
  // The banner says the string named after the status, for the statuses worth one. A hub never
  // reached (down, unreachable, refusing the upgrade) cannot be "lost": it is said to be out of reach.
  const banner =
    status === 'tabs' ||
    status === 'failed' ||
    status === 'offline' ||
    (status === 'connecting' && !ever && chat.messages.value.length === 0)
      ? t[status]
      : status === 'reconnecting'
        ? t[ever ? status : 'failed']
        : '';

  // On a phone, focusing the textarea would pop the keyboard over the transcript: focus the dialog instead.
  // The phone's test is app-css.ts's: a page without a viewport tag is laid out 980 px wide on one.
  const focusIn = () => (matchMedia(FULL_SCREEN).matches ? panel : input).current?.focus();
  useEffect(() => {
    quiet || focusIn();
    return modalWhileFullScreen(panel.current!);
  }, []);

  return (
    <div
      ref={panel}
      class="panel"
      // Beside the page it is not modal; covering it, it is (aria-modal set by modalWhileFullScreen).
      role="dialog"
      // The widget's own words are in its language, which need not be the page's (a French page gets English).
      lang={locale}
      aria-labelledby="kefu-title"
      tabIndex={-1}
      // A button that goes once used (Hide, a quick reply, a rating) left focus on the page's <body>:
      // the next Tab started at the top of the shop. Chromium and WebKit report the removal as a focusout.
      onFocusOut={(e) => {
        const gone = e.target as Element;
        e.relatedTarget || setTimeout(() => gone.isConnected || focusIn());
      }}
      // Photos dropped anywhere on the panel go to the tray (none where the hub takes no photos, and
      // the browser does not open the file either); text dropped on the box stays text.
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length) {
          e.preventDefault();
          if (chat.photos.value) chat.addPhotos(files);
        }
      }}
    >
      <Header shopName={shopName} state={state} t={t} off={!!banner} onClose={onClose} />
      {banner ? (
        <div class={`banner${status === 'failed' ? ' bad' : ''}`} role="status">
          {banner}
          {/* While the client waits out its backoff: the shopper need not wait with it. */}
          {status === 'reconnecting' ? (
            <button type="button" class="link" onClick={chat.client.reconnect}>
              {t.retry}
            </button>
          ) : null}
        </div>
      ) : null}
      {product ? (
        <section class="ctx" aria-label={t.viewing}>
          <div class="ctx-label">{t.viewing}</div>
          <ProductCard product={product} locale={locale} />
          <div class="ctx-actions">
            <button
              type="button"
              class="chip"
              onClick={() => {
                chat.sendProduct(product);
                chat.productDismissed.value = true;
              }}
            >
              {t.askAbout}
            </button>
            <button type="button" class="link" onClick={() => (chat.productDismissed.value = true)}>
              {t.dismiss}
            </button>
          </div>
        </section>
      ) : null}
      <Transcript
        messages={chat.messages.value}
        outbox={chat.outbox.value}
        agentReadSeq={chat.agentReadSeq.value}
        online={online}
        t={t}
        locale={locale}
        typingName={chat.typing.value ? (chat.typing.value.name ?? '') : null}
        onEarlier={chat.client.loadOlder}
        onRetry={chat.client.retry}
        photo={chat.photo}
        addStyles={addStyles}
        old={old}
        botFeedback={
          state?.status === 'bot'
            ? { onFeedback: chat.client.feedback, onHuman: () => chat.send(t.talkToPersonText, 'handoff') }
            : undefined
        }
      >
        {replies.length ? (
          <QuickReplies
            replies={replies}
            t={t}
            quiet={old(chat.messages.value.at(-1))}
            onPick={(r) => chat.send(r.label, r.payload)}
          />
        ) : null}
      </Transcript>
      {/* An order given by its id alone (the page knows no more), or with a status Kefu does not know, has no step to show until an order line about it comes. */}
      {order && t.orderStatus[order.status] ? (
        <div class="ctx ctx-order">
          <LazyOrderCard order={order} t={t} locale={locale} folded addStyles={addStyles} />
        </div>
      ) : null}
      {state?.status === 'pending' || (state?.status === 'ticket' && state.ticket) ? (
        <LazyStatusNote state={state} t={t} locale={locale} addStyles={addStyles} />
      ) : null}
      {state?.status === 'closed' ? (
        // After a conversation with a person, ask how it went (once: the hub keeps the rating).
        state.agent && !state.rating ? (
          <LazyCsat t={t} onRate={chat.rate} addStyles={addStyles} />
        ) : (
          <p class="closed-hint">
            {state.rating ? `${t.csatThanks} ` : ''}
            {t.closedHint}
          </p>
        )
      ) : null}
      {attach ? <attach.Layer t={t} locale={locale as Locale} /> : null}
      <Composer
        t={t}
        online={online}
        inputRef={input}
        draft={chat.draft}
        photos={!!attach?.hasStaged()}
        onFiles={chat.photos.value ? chat.addPhotos : undefined}
        // Until the hub has said (a first visit), the button's place is kept: it comes or stays empty.
        slot={chat.photos.value === undefined}
        onSend={(text) => !!attach?.send(text) || chat.send(text)}
        onTyping={(on) => online && chat.client.setTyping(on)}
      />
    </div>
  );
});
