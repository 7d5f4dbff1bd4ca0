import { ORDER_STATUSES, type Order } from '@kefu/protocol';
import type { Strings } from '../strings.ts';
import { formatPrice } from './product-card.tsx';

/**
 * The order card's styles, added with its chunk (kefu-order-card.js): most shoppers never see one.
 * Order and tracking numbers longer than the card is wide break anywhere rather than run past the panel.
 */
export const ORDER_CSS = `.oc{border:1px solid var(--line);border-radius:12px;padding:10px 12px;background:var(--bg);overflow-wrap:anywhere}
.oc-head{display:flex;justify-content:space-between;gap:8px;font-weight:600}
summary.oc-head{cursor:pointer;list-style:none}summary.oc-head::-webkit-details-marker{display:none}
summary .oc-id::before{content:"▸ ";color:var(--mute)}[open]>summary .oc-id::before{content:"▾ "}
.oc-items{font-size:12.5px;color:var(--mute);margin-top:2px}
.oc-steps{list-style:none;margin:10px 0 2px;padding:0;display:flex;gap:4px;font-size:11px;color:var(--mute)}
.oc-steps li{flex:1;text-align:center;padding-top:8px;border-top:3px solid var(--line);line-height:1.25}
.oc-steps .done{border-color:var(--d,var(--a))}.oc-steps .now{border-color:var(--d,var(--a));color:var(--fg);font-weight:700}
.oc-track{font-size:12px;color:var(--mute);margin-top:6px}`;

export interface OrderCardProps {
  order: Order;
  t: Strings;
  locale: string;
  /**
   * Folded to one line (the order and its step) that opens on a tap: above the messages, so that
   * with a ticket note and photos beside it the conversation keeps its room.
   */
  folded?: boolean;
}

/** An order and where it is in its lifecycle (paid → shipped → in transit → out for delivery → delivered). */
export function OrderCard({ order, t, locale, folded }: OrderCardProps) {
  const reached = ORDER_STATUSES.indexOf(order.status);
  const titles = order.items
    ?.map((i) => (i.quantity > 1 ? `${i.title} ×${i.quantity}` : i.title))
    .join(t.listSep);
  const Box = folded ? 'details' : 'div';
  const Head = folded ? 'summary' : 'div';
  return (
    <Box class="oc">
      <Head class="oc-head">
        <span class="oc-id">
          {t.order(order.id)}
          {folded ? ` · ${t.orderStatus[order.status]}` : ''}
        </span>
        {order.total !== undefined ? <span>{formatPrice(order.total, order.currency, locale)}</span> : null}
      </Head>
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
    </Box>
  );
}
