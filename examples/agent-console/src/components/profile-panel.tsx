import type { InboxItem } from '@kefu/protocol';
import type { OpenConversation } from '@kefu/sdk/agent';
import { safeHref } from '../message-text.ts';
import type { Strings } from '../strings.ts';
import { formatTime } from '../time-format.ts';

/**
 * Who the shopper is and where they are: tier, language, the page and product in view, the order
 * from the page, the ticket's deadlines, and their other conversations the inbox knows of.
 */
export function ProfilePanel({
  conversation,
  others,
  t,
  onOpen,
}: {
  conversation: OpenConversation;
  others: InboxItem[];
  t: Strings;
  onOpen: (id: string) => void;
}) {
  const { shopper, page, state } = conversation;
  const pageHref = safeHref(page?.url);
  const productHref = safeHref(page?.product?.url);
  return (
    <section class="panel profile" aria-labelledby={`profile-${conversation.id}`}>
      <h2 id={`profile-${conversation.id}`}>{t.profile}</h2>
      <dl>
        <dt>{shopper.name ?? t.visitor(shopper.id)}</dt>
        <dd>
          {shopper.tier ? (
            <span class={`badge tier tier-${shopper.tier.toLowerCase()}`}>{shopper.tier}</span>
          ) : null}{' '}
          {shopper.identified ? t.identified : t.anonymous}
        </dd>
        {shopper.locale ? (
          <>
            <dt>{t.locale}</dt>
            <dd>{shopper.locale}</dd>
          </>
        ) : null}
        {page?.title || pageHref ? (
          <>
            <dt>{t.viewingPage}</dt>
            <dd>
              {pageHref ? (
                <a href={pageHref} target="_blank" rel="noopener noreferrer">
                  {page?.title ?? pageHref}
                </a>
              ) : (
                page?.title
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
                  {page.product.title}
                </a>
              ) : (
                page.product.title
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
        {page?.orderId ? (
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
              {state.ticket.tier} · {state.ticket.status}
              <ul class="deadlines">
                {state.ticket.deadlines.map((d) => (
                  <li key={d.kind} class={d.overdue ? 'overdue' : ''}>
                    {t.deadline(d.kind, formatTime(d.dueAt, t.lang), d.overdue)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {state.followUpAt ? (
          <>
            <dt>{t.pending}</dt>
            <dd>{t.followUpAt(formatTime(state.followUpAt, t.lang))}</dd>
          </>
        ) : null}
      </dl>
      <h3>{t.earlier}</h3>
      {others.length === 0 ? (
        <p class="muted">{t.noEarlier}</p>
      ) : (
        <ul class="earlier">
          {others.map((o) => (
            <li key={o.conversationId}>
              <button type="button" class="link" onClick={() => onOpen(o.conversationId)}>
                {formatTime(o.createdAt, t.lang)} · {t.status[o.state.status] ?? o.state.status}
              </button>{' '}
              <span class="muted">{o.lastMessage?.preview}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
