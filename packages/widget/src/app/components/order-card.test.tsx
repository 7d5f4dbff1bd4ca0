import type { Order } from '@kefu/protocol';
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { STRINGS } from '../strings/all.ts';
import { OrderCard } from './order-card.tsx';

afterEach(cleanup);

const order: Order = {
  id: 'KF1',
  status: 'in_transit',
  items: [
    { title: 'Cardigan', quantity: 2 },
    { title: 'Scarf', quantity: 1 },
  ],
  events: [],
};

describe('OrderCard', () => {
  it('joins the items with the locale’s separator', () => {
    const items = (locale: 'en' | 'zh-CN' | 'zh-TW') =>
      render(<OrderCard order={order} t={STRINGS[locale]} locale={locale} />).container.querySelector(
        '.oc-items',
      )?.textContent;
    expect(items('en')).toBe('Cardigan ×2, Scarf');
    expect(items('zh-CN')).toBe('Cardigan ×2、Scarf');
    expect(items('zh-TW')).toBe('Cardigan ×2、Scarf');
  });

  it('folds to the order and its step, a disclosure that opens to the steps', () => {
    const { container } = render(<OrderCard order={order} t={STRINGS.en} locale="en" folded />);
    const details = container.querySelector<HTMLDetailsElement>('details.oc');
    expect(details?.open).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toBe('Order KF1 · In transit');
    expect(details?.querySelector('[aria-current=step]')?.textContent).toBe('In transit');
  });

  it('shows the whole card in a message, without the fold', () => {
    const { container } = render(<OrderCard order={order} t={STRINGS.en} locale="en" />);
    expect(container.querySelector('details')).toBeNull();
    expect(container.querySelector('.oc-head')?.textContent).toBe('Order KF1');
  });
});
