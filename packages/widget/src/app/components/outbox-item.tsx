import type { OutboxEntry } from '@kefu/sdk/client/light';
import type { Strings } from '../strings.ts';
import { messageBody } from './message-item.tsx';
import type { PhotoActions } from './photo-thumb.tsx';
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
  const failed = entry.status === 'failed';
  return (
    <div
      class={`row me${failed ? ' failed' : ' pending'}`}
      data-client-id={entry.clientMsgId}
      // What the shopper just typed is not read back to them (twice: sending, then stored); that it
      // failed is news, so a failed message speaks in the transcript's live region.
      aria-live={failed ? undefined : 'off'}
    >
      <span class="sr">{t.you}: </span>
      {messageBody(entry.content, t, locale, photo)}
      {failed ? (
        <div class="fail">
          <span>{t.notSent}</span>
          <button type="button" class="link" onClick={() => onRetry(entry.clientMsgId)}>
            {t.retry}
          </button>
        </div>
      ) : (
        <TickMark tick="pending" t={t} say={offline ? t.willSend : undefined} />
      )}
    </div>
  );
}
