import { describe, expect, it } from 'vitest';
import { eraseEventData } from './erase-event.ts';

describe('eraseEventData', () => {
  it('drops comments, resolutions and knowledge drafts, and keeps figures and codes', () => {
    expect(eraseEventData({ rating: 2, comment: 'Li Lei here' })).toEqual({ rating: 2 });
    expect(eraseEventData({ resolution: 'refund to 13800138000', status: 'assigned' })).toEqual({
      status: 'assigned',
    });
    expect(eraseEventData({ draft: '{"question":"my address is 42 Secret Rd"}' })).toEqual({});
  });

  it('drops the order a notice, an action or an order exception named, and keeps its kind', () => {
    expect(eraseEventData({ kind: 'shipped', orderId: 'SO-2026-0042' })).toEqual({ kind: 'shipped' });
    expect(eraseEventData({ action: 'cancel', orderId: 'SO-1', outcome: 'completed' })).toEqual({
      action: 'cancel',
      outcome: 'completed',
    });
  });

  it('leaves data without words untouched (null: nothing to write)', () => {
    expect(eraseEventData({ authorKind: 'shopper', seq: 3 })).toBeNull();
    expect(eraseEventData(undefined)).toBeNull();
  });
});
