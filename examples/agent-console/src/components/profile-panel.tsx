import type { InboxItem } from '@kefu/protocol';
import type { OpenConversation } from '@kefu/sdk/agent';
import { safeHref } from '../message-text.ts';
import type { Strings } from '../strings.ts';
import { formatTime, isoTime } from '../time-format.ts';
import { OrderCard } from './order-card.tsx';
import { Said } from './said.tsx';

type Earlier = NonNullable<OpenConversation['earlier']>[number];

/** The shopper's earlier conversations: the hub's list, else those the inbox happens to hold. */
export function earlierOf(conversation: OpenConversation, others: InboxItem[]): Earlier[] {
  if (conversation.earlier?.length) return conversation.earlier;
  return others
    .map((o) => ({
      conversationId: o.conversationId,
      createdAt: o.createdAt,
      status: o.state.status,
      ...(o.lastMessage ? { preview: o.lastMessage.preview } : {}),
      ...(o.state.rating ? { rating: o.state.rating } : {}),
    }))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Where the state's `reason` says why people have the conversation (the router's, a transfer's);
 * pending and closed, it is the follow-up note or how it ended.
 */
const WITH_PEOPLE = new Set<string>(['queued', 'assigned', 'ticket']);

/** A 1–5 rating as stars, read out as words. */
export function Stars({ rating, t }: { rating: number; t: Strings }) {
  return (
    <span class="stars" role="img" aria-label={t.stars(rating)} data-rating={rating}>
      {'★'.repeat(rating)}
      <span class="off">{'☆'.repeat(5 - rating)}</span>
    </span>
  );
}

/**
 * Who the shopper is and where they are: tier, language, the page and product in view, the order
 * on the page with its lifecycle, the ticket's deadlines, and their earlier conversations (each
 * opens read-only).
 */
export function ProfilePanel({
  conversation,
  others,
  t,
  now,
  onOpen,
  onMoreEarlier,
}: {
  conversation: OpenConversation;
  others: InboxItem[];
  t: Strings;
  now?: number;
  onOpen: (id: string) => void;
  /** Reads the next page of earlier conversations (the hub lists ten at a time). */
  onMoreEarlier?: () => void;
}) {
  const { shopper, page, state, order } = conversation;
  const earlier = earlierOf(conversation, others);
  const pageHref = safeHref(page?.url);
  const productHref = safeHref(page?.product?.url);
  return (
    <section class="panel profile" aria-labelledby={`profile-${conversation.id}`}>
      <h2 id={`profile-${conversation.id}`}>{t.profile}</h2>
      <dl>
        <dt>
          <Said text={shopper.name ?? t.visitor(shopper.id)} />
        </dt>
        <dd>
          {shopper.tier ? (
            <span class={`badge tier tier-${shopper.tier.toLowerCase()}`}>{shopper.tier}</span>
          ) : null}{' '}
          {shopper.identified ? t.identified : t.anonymous}
        </dd>
        {shopper.locale ? (
          <>
            <dt>{t.locale}</dt>
            <dd>
              {/* The hello's locale is any short text a raw client chose. */}
              <Said text={shopper.locale} />
            </dd>
          </>
        ) : null}
        {state.reason && WITH_PEOPLE.has(state.status) ? (
          <>
            <dt>{t.routeReason}</dt>
            <dd class="route-reason">
              {/* The router's words, and a plug-in's hand-over reason: any text. */}
              <Said text={state.reason} />
            </dd>
          </>
        ) : null}
        {page?.title || pageHref ? (
          <>
            <dt>{t.viewingPage}</dt>
            <dd>
              {pageHref ? (
                <a href={pageHref} target="_blank" rel="noopener noreferrer">
                  <Said text={page?.title ?? pageHref} />
                </a>
              ) : (
                <Said text={page?.title ?? ''} />
              )}
            </dd>
          </>
        ) : null}
        {page?.product ? (
          <>
            <dt>{t.viewingProduct}</dt>
            <dd class="product">
              {productHref ? (
                <a href={productHref} target="_blank" rel="noopener noreferrer">
                  <Said text={page.product.title} />
                </a>
              ) : (
                <Said text={page.product.title} />
              )}
              {page.product.price !== undefined ? (
                <span class="price">
                  {' '}
                  {page.product.currency ?? '¥'} {page.product.price}
                </span>
              ) : null}
            </dd>
          </>
        ) : null}
        {page?.orderId && !order ? (
          <>
            <dt>{t.order}</dt>
            <dd class="order">{page.orderId}</dd>
          </>
        ) : null}
        {state.rating ? (
          <>
            <dt>CSAT</dt>
            <dd>{t.rating(state.rating)}</dd>
          </>
        ) : null}
        {state.ticket ? (
          <>
            <dt>{t.ticket}</dt>
            <dd>
              {state.ticket.tier} · {t.ticketStatus[state.ticket.status] ?? state.ticket.status}
              <ul class="deadlines">
                {state.ticket.deadlines.map((d) =>
                  // Met: the update was sent, so "due" would send the agent to do it again.
                  d.metAt !== undefined ? (
                    <li key={d.kind} class="met" data-met="">
                      {t.deadlineMet(d.kind, formatTime(d.metAt, t.lang))}
                    </li>
                  ) : (
                    <li key={d.kind} class={d.overdue ? 'overdue' : ''}>
                      {t.deadline(d.kind, formatTime(d.dueAt, t.lang), d.overdue)}
                    </li>
                  ),
                )}
              </ul>
              {state.ticket.lastUpdate ? (
                <p class="ticket-update">{t.ticketLastUpdate(state.ticket.lastUpdate)}</p>
              ) : null}
            </dd>
          </>
        ) : null}
        {state.followUpAt ? (
          <>
            <dt>{t.pending}</dt>
            <dd>{t.followUpAt(formatTime(state.followUpAt, t.lang, now))}</dd>
          </>
        ) : null}
      </dl>
      {order ? (
        <>
          <h3>{t.order}</h3>
          <OrderCard order={order} t={t} {...(now === undefined ? {} : { now })} />
        </>
      ) : null}
      <h3>{t.earlier}</h3>
      {earlier.length === 0 ? (
        <p class="muted">{t.noEarlier}</p>
      ) : (
        <ul class="earlier">
          {earlier.map((e) => {
            const when = formatTime(e.createdAt, t.lang, now);
            return (
              <li key={e.conversationId} data-conversation={e.conversationId}>
                <button
                  type="button"
                  class="link"
                  aria-label={t.earlierOpen(when)}
                  onClick={() => onOpen(e.conversationId)}
                >
                  <time dateTime={isoTime(e.createdAt)}>{when}</time>
                </button>{' '}
                <span class={`status status-${e.status}`}>{t.status[e.status] ?? e.status}</span>
                {e.rating ? <Stars rating={e.rating} t={t} /> : null}
                {e.preview ? <p class="preview muted">{e.preview}</p> : null}
              </li>
            );
          })}
        </ul>
      )}
      {conversation.earlierMore && onMoreEarlier ? (
        <button type="button" class="link more-earlier" onClick={onMoreEarlier}>
          {t.moreEarlier}
        </button>
      ) : null}
    </section>
  );
}
