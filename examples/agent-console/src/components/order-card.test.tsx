import type { Order } from '@kefu/protocol';
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../strings.ts';
import { OrderCard, orderSteps } from './order-card.tsx';

afterEach(cleanup);
const en = STRINGS.en;
const NOW = new Date(2025, 2, 6, 18, 0).getTime();
const at = (day: number, hour: number) => new Date(2025, 2, day, hour, 0).getTime();

const order: Order = {
  id: 'KF1001',
  status: 'in_transit',
  total: 399,
  currency: 'CNY',
  items: [{ title: 'Merino cardigan', quantity: 1 }],
  carrier: 'SF Express',
  trackingNo: 'SF1234567890',
  events: [
    { status: 'paid', at: at(4, 10) },
    { status: 'shipped', at: at(5, 9) },
    { status: 'in_transit', at: at(6, 8) },
  ],
};

describe('order card', () => {
  it('marks the steps before the status done, the status current and the rest upcoming', () => {
    expect(orderSteps(order).map((s) => [s.status, s.state, s.at])).toEqual([
      ['paid', 'done', at(4, 10)],
      ['shipped', 'done', at(5, 9)],
      ['in_transit', 'current', at(6, 8)],
      ['out_for_delivery', 'upcoming', undefined],
      ['delivered', 'upcoming', undefined],
    ]);
  });

  it('counts a delivered order as done to the end, and a step without an event as done by its place', () => {
    const steps = orderSteps({ status: 'delivered', events: [{ status: 'delivered', at: 5 }] });
    expect(steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(steps.map((s) => s.at)).toEqual([undefined, undefined, undefined, undefined, 5]);
  });

  it('shows the lifecycle as an ordered list with the current step, times, carrier and tracking number', () => {
    render(<OrderCard order={order} t={en} now={NOW} />);
    const list = screen.getByRole('list', { name: en.orderProgress('KF1001') });
    const steps = within(list).getAllByRole('listitem');
    expect(steps.map((s) => s.getAttribute('data-state'))).toEqual([
      'done',
      'done',
      'current',
      'upcoming',
      'upcoming',
    ]);
    expect(steps[2]!.getAttribute('aria-current')).toBe('step');
    expect(steps[2]!.textContent).toContain('In transit (current)');
    expect(steps[0]!.querySelector('time')?.getAttribute('datetime')).toBe(new Date(at(4, 10)).toISOString());
    expect(steps[3]!.querySelector('time')).toBeNull();
    expect(screen.getByText('SF Express')).toBeTruthy();
    expect(screen.getByText('SF1234567890')).toBeTruthy();
    expect(screen.getByText('Merino cardigan × 1')).toBeTruthy();
  });

  it('sets what was packed against what was ordered, marks the line packed short, and shows weights and scans', () => {
    const shipped: Order = {
      ...order,
      items: [
        { title: 'Merino cardigan', quantity: 1, sku: 'KNIT' },
        { title: 'Cotton tee', quantity: 2, sku: 'TEE' },
      ],
      shipments: [
        {
          id: 'PK-1',
          carrier: 'SF Express',
          trackingNo: 'SF1234567890',
          packed: [
            { title: 'Merino cardigan', quantity: 1, sku: 'KNIT' },
            { title: 'Cotton tee', quantity: 1, sku: 'TEE' },
          ],
          weightGrams: 640,
          packedAt: at(5, 8),
          scans: [
            { at: at(5, 9), place: 'Hangzhou hub', status: 'Collected' },
            { at: at(6, 8), place: 'Shanghai', status: 'In transit' },
          ],
        },
      ],
    };
    render(<OrderCard order={shipped} t={en} now={NOW} />);
    const parcels = screen.getByRole('region', { name: en.shipments });
    expect(within(parcels).getByText(`⚠ ${en.packedMismatch(1)}`)).toBeTruthy();
    const table = within(parcels).getByRole('table', { name: en.packedVsOrdered });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [r.getAttribute('data-line-state'), r.textContent])).toEqual([
      ['ok', 'Merino cardigan11'],
      ['short', `Cotton tee · ${en.packedShort(1)}21`],
    ]);
    expect(within(parcels).getByText('640 g')).toBeTruthy();
    const scans = within(parcels).getByRole('list', { name: en.scans });
    // Newest first, as a tracking page shows them.
    const withoutTime = (li: HTMLElement) =>
      li.textContent!.slice(li.querySelector('time')!.textContent!.length);
    expect(within(scans).getAllByRole('listitem').map(withoutTime)).toEqual([
      'Shanghai · In transit',
      'Hangzhou hub · Collected',
    ]);
  });

  it('says when everything was packed as ordered, and shows no parcels section without shipments', () => {
    const { unmount } = render(
      <OrderCard
        order={{ ...order, shipments: [{ packed: [{ title: 'Merino cardigan', quantity: 1 }], scans: [] }] }}
        t={en}
        now={NOW}
      />,
    );
    expect(screen.getByText(`✓ ${en.packedMatches}`)).toBeTruthy();
    unmount();
    render(<OrderCard order={order} t={en} now={NOW} />);
    expect(screen.queryByRole('region', { name: en.shipments })).toBeNull();
  });
});
