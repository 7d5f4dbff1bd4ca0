import type { Message } from '@kefu/protocol';
import { splitLinks } from '../message-text.ts';
import type { Strings } from '../strings.ts';
import { bidiSafe, Said } from './said.tsx';

/** Text as text; links only for http(s), opened in a new tab without a referrer. */
export function LinkedText({ text }: { text: string }) {
  return (
    <bdi dir="auto">
      {splitLinks(bidiSafe(text)).map((part, i) =>
        'href' in part ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </bdi>
  );
}

/** One message's content, whatever its kind. */
export function MessageBody({ message, t }: { message: Message; t: Strings }) {
  const c = message.content;
  switch (c.kind) {
    case 'text':
      return <LinkedText text={c.text} />;
    case 'quick_replies':
      return (
        <>
          {c.text ? <LinkedText text={c.text} /> : null}
          <span class="chips">
            {c.replies.map((r) => (
              <span class="chip" key={r.payload}>
                <Said text={r.label} />
              </span>
            ))}
          </span>
        </>
      );
    case 'product':
      return (
        <span class="card">
          <span aria-hidden="true">🛍 </span>
          <Said text={c.product.title} />
          {c.product.price !== undefined ? ` · ${c.product.currency ?? '¥'} ${c.product.price}` : ''}
        </span>
      );
    case 'order':
      return (
        <span class="card">
          <span aria-hidden="true">📦 </span>
          {t.order} {c.order.id} · {t.orderStatus[c.order.status] ?? c.order.status}
        </span>
      );
    case 'image':
      // The transcript shows photos with ImageMessage; elsewhere a photo is its caption.
      return (
        <span class="card">
          <span aria-hidden="true">🖼 </span>
          {c.caption ? t.photoOf(bidiSafe(c.caption)) : t.photo}
        </span>
      );
    case 'system':
      return <>{c.text ?? (c.agentName ? `${c.event} · ${c.agentName}` : c.event)}</>;
  }
}
