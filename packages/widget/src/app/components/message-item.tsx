import type { Message } from '@kefu/protocol';
import type { OutboxEntry } from '@kefu/sdk/client/light';
import type { Strings } from '../strings.ts';
import { LazyOrderCard } from './lazy-order-card.tsx';
import { MessageText } from './message-text.tsx';
import { type PhotoActions, PhotoThumb } from './photo-thumb.tsx';
import { ProductCard } from './product-card.tsx';
import { type Tick, TickMark } from './tick.tsx';

interface Props {
  message: Message;
  t: Strings;
  locale: string;
  /** Shown above the first of a run of messages from the same author. */
  showAuthor: boolean;
  /** One the shopper had seen, drawn again (after a reload): silent in the live region. */
  quiet?: boolean | undefined;
  tick?: Tick | undefined;
  photo: PhotoActions;
  /** For the styles of parts loaded later (the order card). */
  addStyles?(css: string): void;
}

/** One stored message: a bubble (mine on the right), a card, or a centred system line. */
export function MessageItem({ message, t, locale, showAuthor, quiet, tick, photo, addStyles }: Props) {
  const { content, author } = message;
  if (content.kind === 'system') {
    return (
      <div class="sys" data-seq={message.seq} aria-live={quiet ? 'off' : undefined}>
        <span>{content.text ?? ''}</span>
      </div>
    );
  }
  const mine = author.kind === 'shopper';
  const name = mine ? t.you : (author.name ?? (author.kind === 'bot' ? t.bot : t.agent));
  const body = messageBody(content, t, locale, photo, addStyles);
  if (body === null) return null;
  return (
    <div
      class={`row ${mine ? 'me' : 'them'}`}
      data-seq={message.seq}
      data-author={author.kind}
      // The shopper's own words, stored, are not news: silent in the transcript's live region.
      aria-live={mine || quiet ? 'off' : undefined}
    >
      {showAuthor && !mine ? <div class="who">{name}</div> : <span class="sr">{name}: </span>}
      {body}
      {mine && tick ? <TickMark tick={tick} t={t} /> : null}
    </div>
  );
}

/**
 * A message's content in its bubble, or its card (a product, an order); null when it has nothing
 * to show. Stored messages and the outbox's draw theirs alike.
 */
export function messageBody(
  content: Message['content'] | OutboxEntry['content'],
  t: Strings,
  locale: string,
  photo: PhotoActions,
  addStyles?: (css: string) => void,
): preact.JSX.Element | null {
  const body =
    content.kind === 'product' ? (
      <ProductCard product={content.product} locale={locale} />
    ) : content.kind === 'order' ? (
      <LazyOrderCard order={content.order} t={t} locale={locale} {...(addStyles ? { addStyles } : {})} />
    ) : content.kind === 'image' ? (
      <PhotoThumb image={content} alt={t.photo} photo={photo} />
    ) : // Quick replies may come without text; a kind from a newer hub with none comes as empty text.
    content.text ? (
      <MessageText text={content.text} />
    ) : null;
  return (
    body && (
      // A message's own direction (an Arabic or Hebrew one in an English shop), not the page's.
      <div class={content.kind === 'product' || content.kind === 'order' ? 'card' : 'bubble'} dir="auto">
        {body}
      </div>
    )
  );
}
