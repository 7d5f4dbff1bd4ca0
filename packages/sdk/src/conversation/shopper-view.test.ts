import type { ConversationState } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { shopperState } from './shopper-view.ts';

const ticket = {
  id: 't_1',
  status: 'open' as const,
  tier: 'L3' as const,
  expectedReplyAt: 2_000,
  deadlines: [],
  lastUpdate: 'we asked the warehouse',
};

describe("the shopper's projection of the state", () => {
  it('keeps what the widget shows: status, the agent, queue place, ticket progress, follow-up, rating', () => {
    const full: ConversationState = {
      status: 'pending',
      group: 'vip',
      queue: { position: 2, etaSeconds: 60 },
      agent: { id: 'alice', name: 'Alice', avatar: 'https://example.com/a.png' },
      reason: 'waiting on a follow-up',
      ticket,
      followUpAt: 5_000,
      tags: ['refund'],
      rating: 4,
    };
    expect(shopperState(full)).toEqual({
      status: 'pending',
      queue: { position: 2, etaSeconds: 60 },
      agent: { id: 'alice', name: 'Alice', avatar: 'https://example.com/a.png' },
      ticket,
      followUpAt: 5_000,
      rating: 4,
    });
  });

  it('drops tags, the group, escalation reasons and close resolutions', () => {
    const escalated = shopperState({
      status: 'queued',
      group: 'complaints',
      reason: 'the shopper is upset',
      tags: ['angry', 'vip'],
    });
    expect(escalated).toEqual({ status: 'queued' });
    const closed = shopperState({
      status: 'closed',
      agent: { id: 'alice', name: 'Alice' },
      reason: 'refunded; call back on +8613800138000',
    });
    expect(closed).toEqual({ status: 'closed', agent: { id: 'alice', name: 'Alice' } });
    expect(JSON.stringify(closed)).not.toContain('8613800138000');
  });

  it('passes on no field it does not name, whatever the state carries', () => {
    const extra = { status: 'bot', internalScore: 7 } as ConversationState;
    expect(shopperState(extra)).toEqual({ status: 'bot' });
  });
});
