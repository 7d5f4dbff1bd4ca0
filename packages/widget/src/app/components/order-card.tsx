import { ORDER_STATUSES, type Order } from '@kefu/protocol';
import type { Strings } from '../strings.ts';
import { formatPrice } from './product-card.tsx';

/** An order and where it is in its lifecycle (paid → shipped → in transit → out for delivery → delivered). */
export function OrderCard({ order, t, locale }: { order: Order; t: Strings; locale: string }) {
  const reached = ORDER_STATUSES.indexOf(order.status);
  const titles = order.items?.map((i) => (i.quantity > 1 ? `${i.title} ×${i.quantity}` : i.title)).join('、');
  return (
    <div class="oc">
      <div class="oc-head">
        <span class="oc-id">{t.order(order.id)}</span>
        {order.total !== undefined ? <span>{formatPrice(order.total, order.currency, locale)}</span> : null}
      </div>
      {titles ? <div class="oc-items">{titles}</div> : null}
      <ol class="oc-steps">
        {ORDER_STATUSES.map((status, i) => (
          <li
            key={status}
            class={i < reached ? 'done' : i === reached ? 'now' : ''}
            aria-current={i === reached ? 'step' : undefined}
          >
            {t.orderStatus[status]}
          </li>
        ))}
      </ol>
      {order.carrier || order.trackingNo ? (
        <div class="oc-track">{[order.carrier, order.trackingNo].filter(Boolean).join(' ')}</div>
      ) : null}
    </div>
  );
}
