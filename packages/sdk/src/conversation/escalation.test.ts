import type { KefuError } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { RouteDecision } from '../seams/plugins.ts';
import type { StoredConversation } from '../store/store.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { type EscalationDeps, escalate } from './escalation.ts';
import type { TransitionName } from './lifecycle.ts';

const conversation = {
  id: 'c_1',
  siteKey: 'shop',
  shopperId: 's_1',
  state: { status: 'bot' },
  priority: 0,
  lastSeq: 3,
  locale: 'zh-CN',
} as StoredConversation;

/** A deps record that writes down what escalation asked of the hub. */
function deps(route: () => Promise<RouteDecision>, moved: StoredConversation | null = conversation) {
  const calls: string[] = [];
  const d: EscalationDeps = {
    o: {
      clock: new ManualClock(1000),
      pluginTimeoutMs: 100,
      logger: { log: () => {} },
      knownGroups: new Set(['default']),
      unknownGroups: 'kept',
    },
    route: () => route(),
    events: { emit: (_kind, e) => calls.push(`event ${e.group} ${e.priority}`) },
    dispatcher: {
      escalated: async (_c, r, _reason, scope) => {
        calls.push(
          `routing ${r.group} ${r.priority} ${r.ticket?.offline ?? '-'} ${scope.customerTier ?? '-'}`,
        );
      },
    },
    lastAgent: { get: () => undefined },
    notify: async (type, data) => void calls.push(`webhook ${type} ${JSON.stringify(data())}`),
    refreshQueue: async (group) => void calls.push(`refresh ${group}`),
    pluginContext: (c) => ({
      conversation: c,
      shopper: { id: 's_1', identified: false },
      lookupOrder: async () => null,
      policy: {} as never,
    }),
    pluginFailed: (plugin: string, error: KefuError) => void calls.push(`failed ${plugin} ${error.code}`),
    move: async (name: TransitionName, _id, next, options) => {
      calls.push(`move ${name} ${next.group} ${options?.patch?.priority}`);
      return moved;
    },
    record: (kind, _id, extra) => void calls.push(`record ${kind} ${extra?.group}`),
    tierOf: () => ({ customerTier: 'vip' }),
  };
  return { d, calls };
}

describe('escalate', () => {
  it('queues in the router’s group with its priority, records it (webhook outbox included), hands it to routing and refreshes the queue', async () => {
    const { d, calls } = deps(async () => ({ group: 'after-sale', priority: 5 }));
    await escalate(d, conversation, 'asked for a person', 2);
    expect(calls).toEqual([
      'move escalate after-sale 5',
      'record escalated after-sale',
      `webhook conversation.escalated ${JSON.stringify({ conversationId: conversation.id, group: 'after-sale', priority: 5, reason: 'asked for a person', ticket: false })}`,
      'event after-sale 5',
      'routing after-sale 5 - vip',
      'refresh after-sale',
    ]);
  });

  it('makes an offline ticket when the router says nobody can chat, with no queue to refresh', async () => {
    const advice = { offline: true, cause: 'outside_office_hours' as const };
    const { d, calls } = deps(async () => ({ group: 'default', ticket: advice }));
    await escalate(d, conversation, 'late at night');
    expect(calls[0]).toBe('move escalateOffline default 0');
    expect(calls).toContain('routing default 0 true vip');
    expect(calls.some((c) => c.startsWith('refresh'))).toBe(false);
  });

  it('routes to the default group with the escalation’s priority when the router throws', async () => {
    const { d, calls } = deps(async () => {
      throw new Error('router down');
    });
    await escalate(d, conversation, 'upset', 10);
    expect(calls[0]).toBe('failed route plugin_failed');
    expect(calls[1]).toBe('move escalate default 10');
  });

  it('routes to the default group when the router names a group longer than the frames allow (it locked agents out)', async () => {
    const { d, calls } = deps(async () => ({ group: `returns-${'x'.repeat(100)}`, priority: 3 }));
    await escalate(d, conversation, 'upset', 10);
    expect(calls[0]).toBe('failed route plugin_failed');
    expect(calls[1]).toBe('move escalate default 10');
  });

  it('keeps the router’s group but not a NaN or string priority, which made every agent’s inbox unreadable', async () => {
    for (const bad of [Number.NaN, 'high']) {
      const { d, calls } = deps(async () => ({ group: 'after-sale', priority: bad as number }));
      await escalate(d, conversation, 'upset', 10);
      expect(calls[0]).toBe('failed route plugin_failed');
      expect(calls[1]).toBe('move escalate after-sale 10');
    }
  });

  it('rounds a router’s fractional priority (the inbox carries integers)', async () => {
    const { d, calls } = deps(async () => ({ group: 'after-sale', priority: 7.3 }));
    await escalate(d, conversation, 'upset');
    expect(calls[0]).toBe('move escalate after-sale 7');
  });

  it('does nothing more when the conversation changed meanwhile (the lifecycle refused the move)', async () => {
    const { d, calls } = deps(async () => ({ group: 'default' }), null);
    await escalate(d, conversation, 'asked for a person');
    expect(calls).toEqual(['move escalate default 0']);
  });
});
