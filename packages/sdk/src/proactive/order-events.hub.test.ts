import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { signIdentity } from '../hub/identity.ts';
import type { HubOrderEvent } from '../hub/proactive-api.ts';
import type { Ticket } from '../seams/tickets.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { AGENT_TOKEN, AGENT2_TOKEN, agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { NOTIFY_PAYLOADS } from './notify.ts';
import { ORDER_TIMER_KIND, orderTimerKey } from './order-events.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 11, 1, 8, 0, 0);
const LI = { siteKey: 'shop', userId: '42' } as const;

const textOf = (m: Message) =>
  m.content.kind === 'text' || m.content.kind === 'quick_replies' ? (m.content.text ?? '') : '';

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function setUp() {
  const clock = new ManualClock(START);
  const store = createMemoryStore();
  const started = await startHub({ clock, store });
  hub = started.hub;
  const event = (e: Omit<HubOrderEvent, 'shopper' | 'orderId'> & { orderId?: string }) =>
    started.hub.orderEvent({ orderId: 'SO-1024', shopper: LI, ...e });
  return { clock, store, url: started.url, hub: started.hub, event };
}

async function messagesOf(store: Store): Promise<Message[]> {
  const c = await store.findLatestConversation('shop', 'u:42');
  return c ? store.listMessages(c.id, { afterSeq: 0, limit: 100 }) : [];
}

describe('hub.orderEvent', () => {
  it('tells a shopper about each of six orders shipped in one hour (a split cart): order notices are not held back by the rate', async () => {
    const { clock, store, event, hub } = await setUp();
    for (let i = 1; i <= 6; i++) {
      const outcome = await event({ id: `ev-${i}`, orderId: `SO-${i}`, status: 'shipped', at: clock.now() });
      expect(outcome, `order ${i}`).toMatchObject({ ok: true, notified: ['shipped'] });
    }
    expect(await event({ id: 'ev-6d', orderId: 'SO-6', status: 'delivered', at: clock.now() })).toMatchObject(
      {
        ok: true,
        notified: ['delivered'],
      },
    );
    const said = (await messagesOf(store)).map(textOf).filter((t) => t.startsWith('Your order'));
    expect(said).toHaveLength(7);
    expect(said.at(-1)).toBe('Your order SO-6 has been delivered. Thank you for shopping with us!');
    // They count: the shop's own notices wait for the window.
    expect(await hub.notify(LI, { kind: 'text', text: 'Flash sale tonight' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
  });

  it('tells a connected shopper their order shipped, in their language, once per event id', async () => {
    const { clock, url, event } = await setUp();
    const s = shopper(url, {
      identity: signIdentity({ id: '42' }, 'identity-secret-for-tests', {
        audience: 'shop',
        now: clock.now(),
      }),
      locale: 'zh-CN',
    });
    s.connect();
    await until(() => s.messages.length === 1, 'greeting');

    const shipped = {
      id: 'ev-1',
      status: 'shipped',
      at: clock.now(),
      detail: { carrier: '顺丰', trackingNo: 'SF123' },
    } as const;
    expect(await event(shipped)).toEqual({
      ok: true,
      duplicate: false,
      notified: ['shipped'],
      exceptions: [],
    });
    expect(await event(shipped)).toEqual({ ok: true, duplicate: true, notified: [], exceptions: [] });
    await until(() => s.messages.some((m) => textOf(m).includes('SF123')), 'the shipped notice');
    expect(textOf(s.messages.at(-1)!)).toBe('您的订单 SO-1024 已发货，顺丰 运单号 SF123。');
    expect(s.messages.filter((m) => textOf(m).includes('SF123'))).toHaveLength(1);
  });

  it('says nothing of a shipped that arrives after delivered', async () => {
    const { clock, store, event } = await setUp();
    expect((await event({ id: 'ev-2', status: 'delivered', at: clock.now() })).ok).toBe(true);
    expect(await event({ id: 'ev-1', status: 'shipped', at: clock.now() - HOUR })).toMatchObject({
      notified: [],
    });
    const texts = (await messagesOf(store)).map(textOf);
    expect(texts).toEqual([expect.stringContaining('has been delivered')]);
  });

  it('apologises for an address problem and opens one L3 ticket for logistics with its deadlines', async () => {
    const { clock, store, hub, event } = await setUp();
    const first = await event({
      id: 'ev-9',
      status: 'exception',
      at: clock.now(),
      detail: { reason: 'address' },
    });
    expect(first).toEqual({ ok: true, duplicate: false, notified: [], exceptions: ['address'] });
    // The carrier says it again: no second apology, no second ticket.
    await event({ id: 'ev-10', status: 'exception', at: clock.now(), detail: { reason: 'address' } });

    const tickets = await store.listTickets({});
    expect(tickets).toHaveLength(1);
    const [ticket] = tickets;
    const conversation = await store.findLatestConversation('shop', 'u:42');
    expect(ticket).toMatchObject({
      tier: 'L3',
      group: 'logistics',
      cause: 'l3',
      conversationId: conversation!.id,
    });
    expect(ticket!.deadlines).toEqual([
      { kind: 'progress', dueAt: START + 2 * HOUR, overdue: false },
      { kind: 'workaround', dueAt: START + 4 * HOUR, overdue: false },
    ]);
    const apologies = (await messagesOf(store)).filter((m) => textOf(m).includes('delivery address'));
    expect(apologies).toHaveLength(1);
    expect(apologies[0]!.content).toMatchObject({
      replies: [{ payload: `${NOTIFY_PAYLOADS.person}:address:SO-1024` }, { payload: NOTIFY_PAYLOADS.stop }],
    });
    // It waits with the bot: the ticket tracks the deadlines, no agent's queue opened.
    expect(conversation!.state.status).toBe('bot');
    // So the dashboard counts it from /metrics (open tickets per group), not from the inbox.
    expect(await hub.admin.metrics()).toContain('kefu_tickets_open{group="logistics"} 1');
  });

  it('raises "not shipped" on the durable timer when the hours after payment pass, then the shopper asks for a person', async () => {
    const { clock, store, url, event } = await setUp();
    await event({ id: 'ev-paid', status: 'paid', at: clock.now() });
    expect((await store.getTimer(orderTimerKey('shop', 'SO-1024')))?.dueAt).toBe(START + 48 * HOUR);

    clock.advance(48 * HOUR - 1);
    clock.advance(1);
    let tickets: Ticket[] = [];
    await until(() => {
      void store.listTickets({}).then((t) => {
        tickets = t;
      });
      return tickets.length === 1;
    }, 'the not-shipped ticket');
    const [ticket] = await store.listTickets({});
    expect(ticket).toMatchObject({ title: 'order SO-1024: not_shipped', group: 'logistics', tier: 'L3' });
    const apology = (await messagesOf(store)).filter((m) => textOf(m).includes('has not shipped 48 hours'));
    expect(apology).toHaveLength(1);

    // A shipment now comes too late to undo the exception, and raises nothing new.
    expect(await event({ id: 'ev-ship', status: 'shipped', at: clock.now() })).toMatchObject({
      exceptions: [],
    });

    const s = shopper(url, {
      identity: signIdentity({ id: '42' }, 'identity-secret-for-tests', {
        audience: 'shop',
        now: clock.now(),
      }),
    });
    s.connect();
    await until(() => s.messages.length >= 2, 'the notices on connect');
    s.send({ kind: 'text', text: 'Talk to a person', payload: NOTIFY_PAYLOADS.person });
    await until(() => s.state?.status === 'queued', 'queued for a person');
  });

  it('hands a shopper who taps "Talk to a person" under an exception to the group of its ticket, not the default queue', async () => {
    const clock = new ManualClock(START);
    const store = createMemoryStore();
    const started = await startHub({
      clock,
      store,
      agents: [
        { id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default'] },
        { id: 'wu', name: 'Wu', token: AGENT2_TOKEN, groups: ['logistics'] },
      ],
    });
    hub = started.hub;
    await hub.orderEvent({
      id: 'ev-x',
      orderId: 'SO-1024',
      shopper: LI,
      status: 'exception',
      at: clock.now(),
      detail: { reason: 'address' },
    });
    expect((await store.listTickets({}))[0]).toMatchObject({ group: 'logistics' });
    const logistics = agent(started.url, AGENT2_TOKEN);
    await logistics.connect();

    const s = shopper(started.url, {
      identity: signIdentity({ id: '42' }, 'identity-secret-for-tests', {
        audience: 'shop',
        now: clock.now(),
      }),
    });
    s.connect();
    await until(() => s.messages.some((m) => textOf(m).includes('delivery address')), 'the apology');
    const apology = s.messages.find((m) => textOf(m).includes('delivery address'))!;
    const button = apology.content.kind === 'quick_replies' ? apology.content.replies[0]! : undefined;
    expect(button?.label).toBe('Talk to a person');
    s.send({ kind: 'text', text: button!.label, payload: button!.payload });
    await until(() => s.state?.status === 'queued', 'queued for a person');
    expect((await store.getConversation(s.conversationId!))?.state.group).toBe('logistics');
    // The logistics agent sees it in their queue.
    await until(
      () => logistics.inbox.some((i) => i.conversationId === s.conversationId),
      'in the logistics queue',
    );
  });

  it('does not let a forged "Talk to a person" payload pick a queue: another shopper\'s order goes to the router\'s choice', async () => {
    const { clock, store, url, event, hub: h } = await setUp();
    await event({ id: 'ev-x', status: 'exception', at: clock.now(), detail: { reason: 'address' } });
    await h.orderEvent({
      id: 'ev-y',
      orderId: 'SO-2048',
      shopper: { siteKey: 'shop', userId: '7' },
      status: 'exception',
      at: clock.now(),
      detail: { reason: 'address' },
    });
    const s = shopper(url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send({ kind: 'text', text: 'Talk to a person', payload: `${NOTIFY_PAYLOADS.person}:address:SO-2048` });
    await until(() => s.state?.status === 'queued', 'queued for a person');
    expect((await store.getConversation(s.conversationId!))?.state.group).toBe('default');
  });

  it('reports "not shipped" in the answer to a paid event that happened past the hours, and raises it once', async () => {
    const { clock, store, event } = await setUp();
    expect(await event({ id: 'ev-paid', status: 'paid', at: clock.now() - 49 * HOUR })).toEqual({
      ok: true,
      duplicate: false,
      notified: [],
      exceptions: ['not_shipped'],
    });
    expect(await store.listTickets({})).toMatchObject([{ title: 'order SO-1024: not_shipped' }]);
    // The timer has no check left to fire: it only keeps the order for idempotency.
    expect((await store.getTimer(orderTimerKey('shop', 'SO-1024')))?.dueAt).toBe(START + 60 * 24 * HOUR);
    clock.advance(HOUR);
    expect(await store.listTickets({})).toHaveLength(1);
  });

  it('does not restart the not-shipped clock for a paid that arrives after shipped', async () => {
    const { clock, store, event } = await setUp();
    await event({ id: 'ev-ship', status: 'shipped', at: clock.now() });
    await event({ id: 'ev-paid', status: 'paid', at: clock.now() - 60 * HOUR });
    const timer = await store.getTimer(orderTimerKey('shop', 'SO-1024'));
    // Only the no-progress check from the shipment is armed; a paid-based one would already be due.
    expect(timer).toMatchObject({ kind: ORDER_TIMER_KIND, dueAt: START + 72 * HOUR });
    expect(await store.listTickets({})).toEqual([]);
  });

  it('keeps an event that arrives long after it happened a duplicate when it is retried', async () => {
    const { clock, store, event } = await setUp();
    const late = { id: 'ev-late', status: 'delivered' as const, at: clock.now() - 90 * 24 * HOUR };
    expect(await event(late)).toMatchObject({ ok: true, duplicate: false });
    // Kept for keepDays (60) from when it arrived, not from when it happened (already past).
    expect((await store.getTimer(orderTimerKey('shop', 'SO-1024')))?.dueAt).toBe(START + 60 * 24 * HOUR);
    clock.advance(HOUR);
    expect(await event(late)).toMatchObject({ ok: true, duplicate: true });
  });

  it('refuses bad events with typed errors and keeps an order to its shopper', async () => {
    const { clock, event, hub } = await setUp();
    expect(await event({ id: 'ev-f', status: 'shipped', at: clock.now() + HOUR })).toMatchObject({
      ok: false,
      error: { code: 'invalid_frame' },
    });
    expect(await event({ id: 'ev-u', status: 'lost' as never, at: clock.now() })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_frame',
        message:
          'order event status: expected one of "paid"|"shipped"|"in_transit"|"out_for_delivery"|"delivered"|"exception", got "lost"',
      },
    });
    // A nested field is named by its path, the value it had quoted.
    const reason = await event({
      id: 'ev-r',
      status: 'exception',
      at: clock.now(),
      detail: { reason: 'weather' as never },
    });
    expect(reason).toMatchObject({
      ok: false,
      error: { message: 'order event detail.reason: expected one of "address"|"other", got "weather"' },
    });
    const missing = await event({ id: undefined as never, status: 'paid', at: clock.now() });
    expect(missing).toMatchObject({ ok: false, error: { message: 'order event id: required: a string' } });
    const long = await event({ id: 'x'.repeat(201), status: 'paid', at: clock.now() });
    expect(long).toMatchObject({
      ok: false,
      error: {
        message: `order event id: expected string to have <=200 characters, got "${'x'.repeat(60)}…" (201 characters)`,
      },
    });
    await event({ id: 'ev-1', status: 'paid', at: clock.now() });
    const other = await hub.orderEvent({
      id: 'ev-2',
      orderId: 'SO-1024',
      shopper: { siteKey: 'shop', userId: '43' },
      status: 'shipped',
      at: clock.now(),
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const site = await hub.orderEvent({
      id: 'ev-3',
      orderId: 'SO-1',
      shopper: { siteKey: 'elsewhere', userId: '42' },
      status: 'paid',
      at: clock.now(),
    });
    expect(site).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
