import { ORDER_STATUSES, type Order, type OrderStatus, type Shipment } from '@kefu/protocol';
import { useId } from 'preact/hooks';
import { packingCheck } from '../packing-check.ts';
import type { Strings } from '../strings.ts';
import { formatTime, isoTime } from '../time-format.ts';

export type StepState = 'done' | 'current' | 'upcoming';

/**
 * Where each of the five lifecycle steps stands for an order, with the time it happened (the
 * latest event of that status). Steps before the order's status count as done even without an
 * event: merchants often record only some of them.
 * @example
 * orderSteps({ status: 'shipped', events: [] })[1]; // { status: 'shipped', state: 'current' }
 */
export function orderSteps(
  order: Pick<Order, 'status' | 'events'>,
): { status: OrderStatus; state: StepState; at?: number }[] {
  const reached = ORDER_STATUSES.indexOf(order.status);
  return ORDER_STATUSES.map((status, i) => {
    const at = order.events.filter((e) => e.status === status).at(-1)?.at;
    // Delivered is the end: nothing is left to wait for, so the last step reads as done.
    const state: StepState =
      i < reached || (i === reached && status === 'delivered')
        ? 'done'
        : i === reached
          ? 'current'
          : 'upcoming';
    return { status, state, ...(at === undefined ? {} : { at }) };
  });
}

function money(amount: number, currency: string | undefined, lang: string): string {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency: currency ?? 'CNY' }).format(amount);
  } catch {
    return `${currency ?? '¥'} ${amount}`;
  }
}

/**
 * The order on the shopper's page: its lifecycle as a stepper (paid → delivered, with times),
 * the carrier and tracking number, the items and the total; and, when the merchant records
 * parcels, what was packed against what was ordered and each parcel's weight and scans.
 */
export function OrderCard({ order, t, now }: { order: Order; t: Strings; now?: number }) {
  const steps = orderSteps(order);
  return (
    <div class="order-card" data-order={order.id} data-status={order.status}>
      <p class="order-head">
        <strong>{order.id}</strong>
        <span class={`badge order-status order-${order.status}`}>
          {t.orderStatus[order.status] ?? order.status}
        </span>
      </p>
      <ol class="stepper" aria-label={t.orderProgress(order.id)}>
        {steps.map((s) => (
          <li
            key={s.status}
            class={`step ${s.state}`}
            data-step={s.status}
            data-state={s.state}
            aria-current={s.status === order.status ? 'step' : undefined}
          >
            <span class="mark" aria-hidden="true">
              {s.state === 'done' ? '✓' : ''}
            </span>
            <span class="label">
              {t.orderStatus[s.status] ?? s.status}
              <span class="sr-only"> ({t.stepState[s.state]})</span>
            </span>
            {s.at !== undefined ? (
              <time class="at" dateTime={isoTime(s.at)}>
                {formatTime(s.at, t.lang, now)}
              </time>
            ) : null}
          </li>
        ))}
      </ol>
      <dl class="order-facts">
        {order.carrier ? (
          <>
            <dt>{t.carrier}</dt>
            <dd class="carrier">{order.carrier}</dd>
          </>
        ) : null}
        {order.trackingNo ? (
          <>
            <dt>{t.trackingNo}</dt>
            <dd class="tracking">{order.trackingNo}</dd>
          </>
        ) : null}
        {order.items?.length ? (
          <>
            <dt>{t.orderItems}</dt>
            <dd>
              <ul class="order-items">
                {order.items.map((item, i) => (
                  <li key={i}>
                    {item.title} × {item.quantity}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {order.total !== undefined ? (
          <>
            <dt>{t.orderTotal}</dt>
            <dd class="total">{money(order.total, order.currency, t.lang)}</dd>
          </>
        ) : null}
      </dl>
      {order.shipments?.length ? (
        <Shipments order={order} shipments={order.shipments} t={t} now={now} />
      ) : null}
    </div>
  );
}

/**
 * The warehouse's evidence: ordered against packed (a line packed short or over stands out, so a
 * "missing item" is checked without asking the shopper), then each parcel's weight and the
 * carrier's scans, newest first.
 */
function Shipments({
  order,
  shipments,
  t,
  now,
}: {
  order: Order;
  shipments: Shipment[];
  t: Strings;
  now: number | undefined;
}) {
  const titleId = useId();
  const lines = packingCheck(order.items ?? [], shipments);
  const off = lines.filter((l) => l.state !== 'ok').length;
  return (
    <section class="shipments" aria-labelledby={titleId}>
      <h3 id={titleId}>{t.shipments}</h3>
      <p class={`pack-verdict ${off ? 'bad' : 'ok'}`} data-mismatches={off}>
        {off ? `⚠ ${t.packedMismatch(off)}` : `✓ ${t.packedMatches}`}
      </p>
      <table class="pack-check">
        <caption class="sr-only">{t.packedVsOrdered}</caption>
        <thead>
          <tr>
            <th scope="col">{t.orderItems}</th>
            <th scope="col">{t.ordered}</th>
            <th scope="col">{t.packed}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.sku ?? l.title} class={l.state} data-line-state={l.state}>
              <td>
                {l.title}
                {l.state === 'short' ? <strong> · {t.packedShort(l.ordered - l.packed)}</strong> : null}
                {l.state === 'extra' ? <strong> · {t.packedExtra(l.packed - l.ordered)}</strong> : null}
              </td>
              <td class="n">{l.ordered}</td>
              <td class="n">{l.packed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shipments.map((s, i) => (
        <div class="shipment" key={s.id ?? i} data-shipment={s.id ?? i}>
          <h4>{t.shipmentTitle(i + 1, s.id)}</h4>
          <dl class="order-facts">
            {s.carrier || s.trackingNo ? (
              <>
                <dt>{t.carrier}</dt>
                <dd>{[s.carrier, s.trackingNo].filter(Boolean).join(' · ')}</dd>
              </>
            ) : null}
            {s.weightGrams !== undefined ? (
              <>
                <dt>{t.weight}</dt>
                <dd class="weight">{t.grams(s.weightGrams)}</dd>
              </>
            ) : null}
            {s.packedAt !== undefined ? (
              <>
                <dt>{t.packedAt}</dt>
                <dd>
                  <time dateTime={isoTime(s.packedAt)}>{formatTime(s.packedAt, t.lang, now)}</time>
                </dd>
              </>
            ) : null}
          </dl>
          {s.scans.length ? (
            <ol class="scans" aria-label={t.scans}>
              {[...s.scans].reverse().map((scan, k) => (
                <li key={k}>
                  <time dateTime={isoTime(scan.at)}>{formatTime(scan.at, t.lang, now)}</time>
                  {scan.place ? `${scan.place} · ` : ''}
                  {scan.status}
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ))}
    </section>
  );
}
