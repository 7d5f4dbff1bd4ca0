import { describe, expect, it } from 'vitest';
import { eraseState } from './erase-state.ts';

describe('eraseState', () => {
  it('drops the reason, the tags and the ticket note, and keeps what the metrics and the trail need', () => {
    const erased = eraseState({
      status: 'closed',
      group: 'after-sales',
      agent: { id: 'mei', name: 'Mei' },
      reason: 'refund sent to 13800138000',
      tags: ['refund', 'Li Lei VIP'],
      rating: 4,
      ticket: { id: 't1', status: 'resolved', tier: 'L3', deadlines: [], lastUpdate: 'sent to 42 Secret Rd' },
    });
    expect(erased).toEqual({
      status: 'closed',
      group: 'after-sales',
      agent: { id: 'mei', name: 'Mei' },
      rating: 4,
      ticket: { id: 't1', status: 'resolved', tier: 'L3', deadlines: [] },
    });
  });
});
