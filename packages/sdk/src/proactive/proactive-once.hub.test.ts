import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import type { Hub } from '../hub/create-hub.ts';
import type { HubOrderEvent } from '../hub/proactive-api.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { notifyRecordKey } from './notify-record.ts';
import { orderTimerKey } from './order-events.ts';

// Hardening of the proactive service: effects at most once across nodes and retries, no shopper
// brought back by an event racing their erasure, and the figures the report draws from it all.

const HOUR = 3_600_000;
const START = Date.UTC(2026, 11, 1, 8, 0, 0);
const LI = { siteKey: 'shop', userId: '42' } as const;

const textOf = (m: Message) =>
  m.content.kind === 'text' || m.content.kind === 'quick_replies' ? (m.content.text ?? '') : '';

const hubs: Hub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
});

/** Two hub nodes on one store and one bus (as two processes on PostgreSQL and Redis would be). */
async function twoNodes(store: Store = createMemoryStore()) {
  const clock = new ManualClock(START);
  const bus = createMemoryBus();
  const a = (await startHub({ clock, store, bus })).hub;
  const b = (await startHub({ clock, store, bus })).hub;
  hubs.push(a, b);
  return { clock, store, a, b };
}

const event = (e: Partial<HubOrderEvent> & Pick<HubOrderEvent, 'id' | 'status' | 'at'>): HubOrderEvent => ({
  orderId: 'SO-1024',
  shopper: LI,
  ...e,
});

/** Waits until an answer from the store holds (`until` polls a synchronous check). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  let held = false;
  await until(() => {
    void check().then((v) => {
      held = v;
    });
    return held;
  }, what);
}

async function messagesOf(store: Store): Promise<Message[]> {
  const c = await store.findLatestConversation('shop', 'u:42');
  return c ? store.listMessages(c.id, { afterSeq: 0, limit: 100 }) : [];
}

describe('order event effects happen at most once', () => {
  it('sends one apology and opens one ticket for an exception delivered to two nodes at once and retried', async () => {
    const { clock, store, a, b } = await twoNodes();
    const address = event({
      id: 'ev-addr',
      status: 'exception',
      at: clock.now(),
      detail: { reason: 'address', note: '地址不详' },
    });
    const outcomes = await Promise.all([a.orderEvent(address), b.orderEvent(address), a.orderEvent(address)]);
    const retried = await b.orderEvent(address);

    expect(outcomes.filter((o) => o.ok && !o.duplicate)).toHaveLength(1);
    expect([...outcomes, retried].filter((o) => o.ok && o.duplicate)).toHaveLength(3);
    expect(await store.listTickets({})).toHaveLength(1);
    const apologies = (await messagesOf(store)).filter((m) => textOf(m).includes('delivery address'));
    expect(apologies).toHaveLength(1);
  });

  it('tells the shopper once when two events with different ids say the same step on two nodes', async () => {
    const { clock, store, a, b } = await twoNodes();
    const shipped = (id: string) =>
      event({ id, status: 'shipped', at: clock.now(), detail: { carrier: '顺丰', trackingNo: 'SF1' } });
    await Promise.all([a.orderEvent(shipped('ev-1')), b.orderEvent(shipped('ev-2'))]);
    expect((await messagesOf(store)).filter((m) => textOf(m).includes('SF1'))).toHaveLength(1);
  });

  it('raises a time-based exception on one node only when both run the due check', async () => {
    const { clock, store, a } = await twoNodes();
    await a.orderEvent(event({ id: 'ev-paid', status: 'paid', at: clock.now() }));
    clock.advance(48 * HOUR);
    await eventually(async () => (await store.listTickets({})).length === 1, 'the not-shipped ticket');
    // The track records the exception raised: neither node's next poll raises it again.
    await eventually(
      async () =>
        JSON.stringify((await store.getTimer(orderTimerKey('shop', 'SO-1024')))?.data).includes(
          'not_shipped',
        ),
      'the raised exception stored',
    );
    expect(await store.listTickets({})).toHaveLength(1);
    expect((await messagesOf(store)).filter((m) => textOf(m).includes('has not shipped'))).toHaveLength(1);
  });
});

describe('erasure racing an incoming event', () => {
  it('does not bring the shopper back: the racing notice takes back its conversation, record and track', async () => {
    const base = createMemoryStore();
    // The event's notice looks up the shopper's conversation, then waits until the erasure is done:
    // the worst interleaving, where it posts into a conversation already erased.
    const gate: { release?: () => void } = {};
    const open = () => gate.release?.();
    let reached: (() => void) | undefined;
    const atLookup = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const store = new Proxy(base, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'findLatestConversation' || typeof value !== 'function') return value;
        return async (...args: Parameters<Store['findLatestConversation']>) => {
          const found = await target.findLatestConversation(...args);
          if (gate.release === undefined && found) {
            const held = new Promise<void>((resolve) => {
              gate.release = resolve;
            });
            reached?.();
            await held;
          }
          return found;
        };
      },
    });
    const { clock, a, b } = await twoNodes(store);
    // Li chatted before: a conversation of theirs exists.
    expect((await a.notify(LI, { kind: 'text', text: '欢迎光临' })).ok).toBe(true);
    delete gate.release;

    const racing = a.orderEvent(
      event({
        id: 'ev-ship',
        status: 'shipped',
        at: clock.now(),
        detail: { carrier: '顺丰', trackingNo: 'SF9' },
      }),
    );
    await atLookup;
    await b.admin.eraseShopper(LI);
    open();
    expect(await racing).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(await base.findLatestConversation('shop', 'u:42')).toBeNull();
    expect(await base.getTimer(notifyRecordKey('shop', 'u:42'))).toBeNull();
    expect(await base.getTimer(orderTimerKey('shop', 'SO-1024'))).toBeNull();
    const everything = JSON.stringify({
      conversations: await base.listConversations({}),
      messages: await Promise.all(
        (await base.listConversations({})).map((c) => base.listMessages(c.id, { afterSeq: 0, limit: 100 })),
      ),
      timers: await base.listTimers({ prefix: '' }),
    });
    expect(everything).not.toContain('u:42');
    expect(everything).not.toContain('SF9');
    expect(everything).not.toContain('欢迎光临');
    // An event arriving just after the erasure is refused rather than starting the shopper afresh.
    expect(await b.orderEvent(event({ id: 'ev-late', status: 'delivered', at: clock.now() }))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('proactive metrics from a hub', () => {
  it('reports notifications per kind, the contact after one, an exception resolved and its time', async () => {
    const { clock, store, a } = await twoNodes();
    await a.orderEvent(
      event({
        id: 'ev-ship',
        status: 'shipped',
        at: clock.now(),
        detail: { carrier: '顺丰', trackingNo: 'SF1' },
      }),
    );
    await a.orderEvent(
      event({ id: 'ev-addr', status: 'exception', at: clock.now(), detail: { reason: 'address' } }),
    );
    const [ticket] = await store.listTickets({});
    clock.advance(2 * HOUR);
    await a.admin.conversations.updateTicket(
      ticket!.id,
      { action: 'resolve', note: 'address fixed' },
      { kind: 'agent', id: 'mei', name: 'Mei' },
    );
    const report = await a.admin.report({ from: START - HOUR, to: clock.now() + 1 });
    expect(report.total.proactive).toMatchObject({
      notifications: { 'order.shipped': 1, 'order.address': 1 },
      notified: { conversations: 1, contacted: 0 },
      exceptions: { detected: 1, resolved: 1, resolution: { count: 1, meanMs: 2 * HOUR } },
    });
    const prometheus = await a.admin.metrics();
    expect(prometheus).toContain('kefu_notifications_sent{kind="order.shipped"} 1');
    expect(prometheus).toContain('kefu_order_exceptions{state="resolved"} 1');
  });
});
