import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../hub/create-hub.ts';
import { WEBHOOK_EVENT_TYPES } from '../seams/webhook-events.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { webhookReceiver } from '../testing/webhook-receiver.ts';

const SECRET = 'whsec_hub_test_secret_0123';

let hub: Hub | undefined;
const receivers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  for (const r of receivers.splice(0)) await r.close();
});

describe('a hub with webhooks', () => {
  it('delivers every kind of event a conversation, its ticket and its SLA make, signed', async () => {
    const r = await webhookReceiver(SECRET);
    receivers.push(r);
    const started = await startHub({
      // Short targets, so a breach and a missed ticket deadline happen while the test runs.
      routing: {
        assignment: 'manual',
        ticketWhenUnstaffed: false,
        sla: { default: { firstResponseMs: 30 } },
        ticketDeadlines: { L3: { workaround: 30 } },
      },
      webhooks: {
        allowPrivateNetworks: true,
        subscriptions: [{ url: r.url, events: [...WEBHOOK_EVENT_TYPES], secret: SECRET }],
      },
    });
    hub = started.hub;
    const s = shopper(started.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const a = agent(started.url);
    await a.connect();
    await until(() => r.received.some((x) => x.type === 'sla.breached'), 'the first response breached');
    const c = await a.accept(s.conversationId!);
    await a.ticket(c.id, 'create', 'parcel lost');
    await until(() => r.received.some((x) => x.type === 'ticket.overdue'), 'the ticket missed its deadline');
    await a.close(c.id, 'refunded');
    await until(() => s.state?.status === 'closed', 'closed');
    s.rate(4, 'quick');
    const types = () => new Set(r.received.map((x) => x.type));
    await until(
      () => types().size === WEBHOOK_EVENT_TYPES.length,
      () => `every event type; so far ${[...types()].join(', ')}`,
    );
    expect(r.received.every((x) => x.verified)).toBe(true);
    const body = (type: string) => JSON.parse(r.received.find((x) => x.type === type)!.body);
    expect(body('conversation.created').data).toMatchObject({ conversationId: c.id, siteKey: 'shop' });
    expect(body('conversation.escalated').data).toMatchObject({ conversationId: c.id, group: 'default' });
    expect(body('conversation.assigned').data).toMatchObject({ conversationId: c.id, agent: { id: 'mei' } });
    expect(body('conversation.closed').data).toMatchObject({ conversationId: c.id, from: 'assigned' });
    expect(body('csat.submitted').data).toMatchObject({ conversationId: c.id, rating: 4, comment: 'quick' });
    expect(body('sla.breached').data).toMatchObject({ conversationId: c.id, metric: 'first_response' });
    expect(body('ticket.overdue').data.deadline).toMatchObject({ kind: 'workaround' });
    const texts = r.received
      .filter((x) => x.type === 'message.created')
      .map((x) => JSON.parse(x.body).data.message.content.text);
    expect(texts).toContain('转人工');
    const created = body('ticket.created');
    expect(created).toMatchObject({ type: 'ticket.created', data: { ticket: { conversationId: c.id } } });
    expect(typeof created.createdAt).toBe('number');
    expect(created.id).toBe(`ticket.created:${created.data.ticket.id}`);
  });

  it('refuses a subscription to the hub itself, to a private address, and bad options at start', async () => {
    const started = await startHub({ webhooks: { allowPrivateNetworks: true } });
    hub = started.hub;
    const port = new URL(started.url).port;
    await expect(
      hub.admin.webhooks.subscribe({ url: `http://127.0.0.1:${port}/hooks`, events: ['ticket.created'] }),
    ).rejects.toMatchObject({ code: 'forbidden', problem: 'hub' });
    const other = await startHub();
    await expect(
      other.hub.admin.webhooks.subscribe({ url: 'http://127.0.0.1:9/hooks', events: ['ticket.created'] }),
    ).rejects.toMatchObject({ code: 'forbidden', problem: 'private_address' });
    await other.hub.close();
    const base = { sites: [{ key: 's', origins: ['*'] }] };
    expect(() =>
      createHub({
        ...base,
        webhooks: { subscriptions: [{ url: 'https://x.example', events: [], secret: SECRET }] },
      }),
    ).toThrow('webhooks.subscriptions[0].events must list at least one event');
    expect(() =>
      createHub({
        ...base,
        webhooks: {
          subscriptions: [{ url: 'gopher://x.example', events: ['ticket.created'], secret: SECRET }],
        },
      }),
    ).toThrow('webhooks.subscriptions[0].url must be an http or https URL');
    expect(() => createHub({ ...base, webhooks: { timeoutMs: -1 } })).toThrow('webhooks.timeoutMs');
  });

  it('lists subscriptions without their secrets and removes them', async () => {
    const started = await startHub({ webhooks: { allowPrivateNetworks: true } });
    hub = started.hub;
    const sub = await hub.admin.webhooks.subscribe({
      url: 'http://127.0.0.1:9/a',
      events: ['csat.submitted'],
    });
    expect(sub.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(await hub.admin.webhooks.list()).toEqual([
      { id: sub.id, url: 'http://127.0.0.1:9/a', events: ['csat.submitted'], createdAt: sub.createdAt },
    ]);
    await hub.admin.webhooks.remove(sub.id);
    expect(await hub.admin.webhooks.list()).toEqual([]);
  });
});
