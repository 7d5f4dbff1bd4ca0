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
});
