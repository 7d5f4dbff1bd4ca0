import type { OutboxEntry } from '@kefu/sdk/client/light';
import type { Strings } from '../strings.ts';
import { MessageText } from './message-text.tsx';
import { type PhotoActions, PhotoThumb } from './photo-thumb.tsx';
import { ProductCard } from './product-card.tsx';
import { TickMark } from './tick.tsx';

interface Props {
  entry: OutboxEntry;
  t: Strings;
  locale: string;
  /** The connection is down: say the message waits for it, rather than spinning. */
  offline: boolean;
  onRetry(clientMsgId: string): void;
  photo: PhotoActions;
}

/** A message of mine the hub has not stored yet: pending (maybe waiting for the network) or failed. */
export function OutboxItem({ entry, t, locale, offline, onRetry, photo }: Props) {
  const { content } = entry;
  const failed = entry.status === 'failed';
  return (
    <div class={`row me${failed ? ' failed' : ' pending'}`} data-client-id={entry.clientMsgId}>
      <span class="sr">{t.you}: </span>
      <div class={content.kind === 'product' ? 'card' : 'bubble'} dir="auto">
        {content.kind === 'product' ? (
          <ProductCard product={content.product} locale={locale} />
        ) : content.kind === 'image' ? (
          <PhotoThumb image={content} alt={t.photo} photo={photo} />
        ) : 'text' in content ? (
          <MessageText text={content.text} />
        ) : null}
      </div>
      {failed ? (
        <div class="fail">
          <span>{t.notSent}</span>
          <button type="button" class="link" onClick={() => onRetry(entry.clientMsgId)}>
            {t.retry}
          </button>
        </div>
      ) : offline ? (
        <div class="queued">
          <TickMark tick="pending" t={t} />
          <span>{t.willSend}</span>
        </div>
      ) : (
        <TickMark tick="pending" t={t} />
      )}
    </div>
  );
}
