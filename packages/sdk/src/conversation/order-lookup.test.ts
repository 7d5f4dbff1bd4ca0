import type { KefuError, Order } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { LookupOrderPlugin } from '../seams/plugins.ts';
import type { StoredConversation } from '../store/store.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { orderLookup } from './order-lookup.ts';

const conversation = { id: 'c_1', siteKey: 'outlet', locale: 'en-GB' } as StoredConversation;
const shopper = { id: 'u:42', identified: true };
const order: Order = { id: 'SO-1024', status: 'in_transit', events: [{ status: 'paid', at: 1 }] };

function lookup(plugin: LookupOrderPlugin | undefined) {
  const failures: KefuError[] = [];
  const seen: Array<Parameters<LookupOrderPlugin>> = [];
  const fn = orderLookup(
    {
      ...(plugin
        ? {
            lookupOrder: (id, ctx) => {
              seen.push([id, ctx]);
              return plugin(id, ctx);
            },
          }
        : {}),
      pluginTimeoutMs: 1_000,
      clock: new ManualClock(0),
    },
    conversation,
    shopper,
    {
      pluginFailed: (plugin, error, conversationId) => {
        // Reported as the lookupOrder plug-in's, in this conversation.
        expect([plugin, conversationId]).toEqual(['lookupOrder', 'c_1']);
        failures.push(error);
      },
    },
  );
  return { fn, failures, seen };
}

describe('orderLookup', () => {
  it('asks the merchant for the order with the conversation’s shopper, site and locale', async () => {
    const { fn, failures, seen } = lookup(async () => order);
    expect(await fn('SO-1024')).toEqual(order);
    expect(seen[0]![0]).toBe('SO-1024');
    // The site too: user 42 of one shop is not user 42 of another shop on the same hub.
    expect(seen[0]![1]).toMatchObject({ shopper, siteKey: 'outlet', locale: 'en-GB' });
    expect(failures).toEqual([]);
  });

  it('reads undefined as no order, as null (`orders.get(id)?.order` in JavaScript), not as a failure', async () => {
    const { fn, failures } = lookup(async () => undefined as never);
    expect(await fn('SO-1')).toBeNull();
    expect(failures).toEqual([]);
  });

  it('answers null without a plug-in, and for an order the merchant does not have', async () => {
    expect(await lookup(undefined).fn('SO-1')).toBeNull();
    const none = lookup(async () => null);
    expect(await none.fn('SO-1')).toBeNull();
    expect(none.failures).toEqual([]);
  });

  it('reports a plug-in that throws, and an order the protocol refuses, naming the field; both answer null', async () => {
    const thrown = lookup(async () => {
      throw new Error('OMS down');
    });
    expect(await thrown.fn('SO-1')).toBeNull();
    expect(thrown.failures.map((e) => e.code)).toEqual(['plugin_failed']);
    const invalid = lookup(async () => ({ ...order, status: 'lost' }) as unknown as Order);
    expect(await invalid.fn('SO-1024')).toBeNull();
    expect(invalid.failures[0]?.code).toBe('plugin_failed');
    expect(invalid.failures[0]?.message).toMatch(/invalid order SO-1024: status/);
  });
});
