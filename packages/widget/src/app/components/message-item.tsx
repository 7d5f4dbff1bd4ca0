import type { Message } from '@kefu/protocol';
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
  tick?: Tick;
  photo: PhotoActions;
  /** For the styles of parts loaded later (the order card). */
  addStyles?(css: string): void;
}

/** One stored message: a bubble (mine on the right), a card, or a centred system line. */
export function MessageItem({ message, t, locale, showAuthor, tick, photo, addStyles }: Props) {
  const { content, author } = message;
  if (content.kind === 'system') {
    return (
      <div class="sys" data-seq={message.seq}>
        <span>{content.text ?? ''}</span>
      </div>
    );
  }
  const mine = author.kind === 'shopper';
  const name = mine ? t.you : (author.name ?? (author.kind === 'bot' ? t.bot : t.agent));
  let body: preact.ComponentChildren;
  if (content.kind === 'product') body = <ProductCard product={content.product} locale={locale} />;
  else if (content.kind === 'order')
    body = (
      <LazyOrderCard order={content.order} t={t} locale={locale} {...(addStyles ? { addStyles } : {})} />
    );
  else if (content.kind === 'image') body = <PhotoThumb image={content} alt={t.photo} photo={photo} />;
  // Quick replies may come without text; a kind from a newer hub with none comes as empty text.
  else body = content.text ? <MessageText text={content.text} /> : null;
  if (body === null) return null;
  const card = content.kind === 'product' || content.kind === 'order';
  return (
    <div class={`row ${mine ? 'me' : 'them'}`} data-seq={message.seq} data-author={author.kind}>
      {showAuthor && !mine ? <div class="who">{name}</div> : <span class="sr">{name}: </span>}
      {/* A message's own direction (an Arabic or Hebrew one in an English shop), not the page's. */}
      <div class={card ? 'card' : 'bubble'} dir="auto">
        {body}
      </div>
      {mine && tick ? <TickMark tick={tick} t={t} /> : null}
    </div>
  );
}
