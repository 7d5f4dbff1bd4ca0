import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../ids.ts';
import { type SlaEvent, SlaTracker } from '../routing/sla.ts';
import { TicketDesk } from '../routing/tickets.ts';
import type { TicketEvent } from '../seams/tickets.ts';
import { timerHarness } from '../testing/timer-harness.ts';
import { recordRoutingEvent } from './routing-events.ts';
import { WebhookOutbox } from './webhook-outbox.ts';

/** Two hub nodes on one store and clock, each with its outbox; node A dies mid-alert. */
async function twoNodes(events: string[]) {
  const a = timerHarness({ owner: 'node-a' });
  const b = timerHarness({ store: a.store, clock: a.clock, owner: 'node-b' });
  await a.store.putWebhookSubscription({
    id: 'wh_1',
    url: 'https://crm.example/hooks',
    events,
    secret: 'whsec_routing_events_01',
    createdAt: 0,
  });
  const outbox = () =>
    new WebhookOutbox({ store: a.store, clock: a.clock, ids: sequentialIds(), onStored: () => {} });
  const [outboxA, outboxB] = [outbox(), outbox()];
  await outboxA.refresh();
  await outboxB.refresh();
  const settle = async () => {
    await a.timers.idle();
    await b.timers.idle();
  };
  return { a, b, outboxA, outboxB, advance: (ms: number) => a.clock.advanceAsync(ms, settle) };
}

describe('alerts through the outbox', () => {
  it('stores an SLA breach once when the node that fired it dies before marking it fired', async () => {
    const { a, b, outboxA, outboxB, advance } = await twoNodes(['sla.breached']);
    const policies = { default: { firstResponseMs: 10_000, nearBreachRatio: 1 } };
    const slaA = new SlaTracker({
      timers: a.timers,
      clock: a.clock,
      policies,
      persist: async (events) => {
        for (const e of events) await recordRoutingEvent(outboxA, 'sla', e);
        throw new Error('node A died before its timer write');
      },
    });
    const told: SlaEvent[] = [];
    new SlaTracker({
      timers: b.timers,
      clock: b.clock,
      policies,
      persist: async (events) => {
        for (const e of events) await recordRoutingEvent(outboxB, 'sla', e);
      },
      onEvent: (e) => told.push(e),
    });
    await slaA.awaitReply('c_1', { group: 'logistics' });
    a.timers.start();
    await advance(10_000);
    expect(await a.store.listWebhookDeliveries({})).toHaveLength(1);
    a.timers.dispose();
    b.timers.start();
    // Node A's claim (30 s) runs out; node B fires the timer again and marks it fired.
    await advance(31_000);
    expect(told.map((e) => e.type)).toEqual(['breach']);
    const deliveries = await a.store.listWebhookDeliveries({});
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(deliveries[0]!.body)).toMatchObject({
      id: 'sla.breached:c_1:first_response:0',
      type: 'sla.breached',
      data: { conversationId: 'c_1', metric: 'first_response', group: 'logistics', dueAt: 10_000 },
    });
  });

  it('stores a missed ticket deadline once when the node that found it dies before writing the ticket', async () => {
    const { a, b, outboxA, outboxB, advance } = await twoNodes(['ticket.overdue', 'ticket.created']);
    const deadlines = { L3: { progress: 5_000 } };
    const deskA = new TicketDesk({
      timers: a.timers,
      clock: a.clock,
      ids: sequentialIds(),
      deadlines,
      persist: async (e) => {
        await recordRoutingEvent(outboxA, 'ticket', e);
        if (e.type === 'overdue') throw new Error('node A died before its ticket write');
      },
    });
    const told: TicketEvent[] = [];
    new TicketDesk({
      timers: b.timers,
      clock: b.clock,
      deadlines,
      persist: (e) => recordRoutingEvent(outboxB, 'ticket', e),
      onEvent: (e) => told.push(e),
    });
    const ticket = await deskA.create({ title: 'parcel lost', conversationId: 'c_1' });
    a.timers.start();
    await advance(5_000);
    a.timers.dispose();
    b.timers.start();
    await advance(31_000);
    expect(told.map((e) => e.type)).toEqual(['overdue']);
    expect((await a.store.getTicket(ticket.id))?.deadlines[0]).toMatchObject({
      kind: 'progress',
      overdue: true,
    });
    const ids = (await a.store.listWebhookDeliveries({})).map((d) => d.eventId).sort();
    expect(ids).toEqual([`ticket.created:${ticket.id}`, `ticket.overdue:${ticket.id}:progress`]);
  });
});
