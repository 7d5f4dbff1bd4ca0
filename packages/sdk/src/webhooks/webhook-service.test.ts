import { afterEach, describe, expect, it } from 'vitest';
import { sequentialIds } from '../ids.ts';
import type { LogFields } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { until } from '../testing/until.ts';
import { webhookReceiver } from '../testing/webhook-receiver.ts';
import type { PostWebhook } from './post-webhook.ts';
import { resolveWebhookOptions, type WebhookOptions } from './webhook-options.ts';
import { createWebhookService, type WebhookService } from './webhook-service.ts';

const SECRET = 'whsec_test_secret_0123456789';
// A POST's timeout is real time (the receiver is a real server): long enough that an answered POST
// is never cut short on a busy machine (300 ms was, and 500s arrived as timeouts), short enough
// for the test that waits for a hanging receiver.
const POST_TIMEOUT_MS = 2_000;
const T0 = Date.UTC(2026, 11, 1);
const fail = (message: string): never => {
  throw new TypeError(message);
};

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

function service(options: WebhookOptions, store: Store = createMemoryStore()) {
  const clock = new ManualClock(T0);
  const errors: string[] = [];
  const logged: Array<{ event: string; fields: LogFields | undefined }> = [];
  const webhooks = createWebhookService({
    // A fixed jitter of one half: each retry waits half its cap (5 s, 10 s, 20 s …).
    options: resolveWebhookOptions(
      { allowPrivateNetworks: true, timeoutMs: POST_TIMEOUT_MS, random: () => 0.5, ...options },
      fail,
    ),
    store,
    clock,
    ids: sequentialIds(),
    owner: 'node-a',
    hubPorts: () => [],
    onError: (what, error) => errors.push(`${what}: ${String(error)}`),
    logger: { log: (_level, event, fields) => logged.push({ event, fields }) },
  });
  running.push(webhooks);
  const advance = (ms: number) => clock.advanceAsync(ms, () => webhooks.idle());
  return { webhooks, store, clock, errors, logged, advance };
}

async function receiver() {
  const r = await webhookReceiver(SECRET);
  running.push({ stop: () => r.close() });
  return r;
}

/** Records `n` ticket events through the outbox (awaited: stored, as the hub does before reporting). */
async function record(webhooks: WebhookService, n: number, from = 0) {
  for (let i = from; i < from + n; i++)
    await webhooks.outbox.record('csat.submitted', { conversationId: `c_${i}`, rating: 5 }, `evt_${i}`);
}

/** Records the `n`th conversation.closed event (the other subscriber's, in the tests of slow receivers). */
function closedEvent(webhooks: WebhookService, n: number) {
  return webhooks.outbox.record(
    'conversation.closed',
    { conversationId: `c_${n}`, from: 'assigned', reason: 'agent' },
    `closed_${n}`,
  );
}

describe('webhook delivery to a real receiver', () => {
  it('delivers every event through a timeout, a 500 and an outage, duplicates only as the same event id', async () => {
    const r = await receiver();
    const { webhooks, store, advance } = service({
      subscriptions: [{ url: r.url, events: ['csat.submitted'], secret: SECRET }],
    });
    await webhooks.start();

    r.mode = 'hang';
    await record(webhooks, 10);
    await webhooks.idle();
    expect(r.received).toHaveLength(10);
    const pending = await store.listWebhookDeliveries({ status: 'pending' });
    expect(pending).toHaveLength(10);
    expect(pending[0]).toMatchObject({
      attempts: 1,
      lastError: `timed out after ${POST_TIMEOUT_MS} ms`,
      nextAt: T0 + 5_000,
    });

    r.mode = 'fail';
    await advance(5_000);
    expect(r.received).toHaveLength(20);
    expect(await store.listWebhookDeliveries({ status: 'pending' })).toMatchObject(
      Array(10).fill({ attempts: 2, lastStatusCode: 500, lastError: 'HTTP 500' }),
    );

    await r.stop();
    await advance(10_000);
    const refused = await store.listWebhookDeliveries({ status: 'pending' });
    expect(refused.every((d) => d.attempts === 3 && d.lastStatusCode === undefined && d.lastError)).toBe(
      true,
    );

    await r.start();
    r.mode = 'ok';
    await advance(20_000);
    expect(await store.listWebhookDeliveries({ status: 'pending' })).toEqual([]);
    expect(await store.listWebhookDeliveries({ status: 'delivered' })).toHaveLength(10);
    expect(r.ids()).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `evt_${i}`)));
    expect(r.received).toHaveLength(30);
    expect(r.received.every((x) => x.verified)).toBe(true);
    // A duplicate is the same event: same id, same body.
    for (const id of r.ids())
      expect(new Set(r.received.filter((x) => x.eventId === id).map((x) => x.body)).size).toBe(1);
    const log = await webhooks.admin.attempts((await store.listWebhookDeliveries({ limit: 1 }))[0]!.id);
    expect(log.map((a) => a.statusCode ?? a.error?.slice(0, 9))).toEqual([
      'timed out',
      500,
      expect.any(String),
      204,
    ]);
  });

  it('retries for 24 hours, then lists the delivery as a dead letter; redelivery sends the same event', async () => {
    const r = await receiver();
    r.mode = 'fail';
    const { webhooks, advance, logged } = service({ pollMs: 60_000 });
    await webhooks.start();
    const sub = await webhooks.admin.subscribe({ url: r.url, events: ['csat.submitted'] });
    await record(webhooks, 1);
    await webhooks.idle();
    await advance(23 * 3_600_000);
    expect(await webhooks.admin.deadLetters()).toEqual([]);
    await advance(2 * 3_600_000);
    const [dead] = await webhooks.admin.deadLetters();
    expect(dead).toMatchObject({
      eventId: 'evt_0',
      subscriptionId: sub.id,
      status: 'dead',
      lastStatusCode: 500,
    });
    expect(dead!.attempts).toBeGreaterThan(20);
    expect(r.received.every((x) => x.eventId === 'evt_0')).toBe(true);
    // Logged once, with ids and the last status: nothing of the payload.
    expect(logged).toEqual([
      {
        event: 'webhook.dead',
        fields: {
          delivery: dead!.id,
          subscription: sub.id,
          event: 'csat.submitted',
          attempts: dead!.attempts,
          status: 500,
        },
      },
    ]);

    r.mode = 'ok';
    const seen = r.received.length;
    expect(await webhooks.admin.redeliver(dead!.id)).toMatchObject({ status: 'pending' });
    await webhooks.idle();
    expect(r.received.slice(seen).map((x) => x.eventId)).toEqual(['evt_0']);
    expect(await webhooks.admin.deliveries({ status: 'delivered' })).toMatchObject([{ id: dead!.id }]);
    await expect(webhooks.admin.redeliver('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('checks the address again at every attempt, so a name rebound to a private address is not called', async () => {
    let answer = '93.184.216.34';
    const calls: string[] = [];
    const post: PostWebhook = async ({ address }) => {
      calls.push(address.address);
      return { statusCode: 200 };
    };
    const { webhooks, store, advance } = service({
      allowPrivateNetworks: false,
      post,
      resolve: async () => [{ address: answer, family: 4 }],
    });
    await webhooks.start();
    await webhooks.admin.subscribe({ url: 'https://crm.example/hooks', events: ['csat.submitted'] });
    answer = '127.0.0.1';
    await record(webhooks, 1);
    await webhooks.idle();
    expect(calls).toEqual([]);
    expect((await store.listWebhookDeliveries({}))[0]?.lastError).toMatch(
      /private or local address \(127\.0\.0\.1\)/,
    );
    answer = '93.184.216.34';
    await advance(5_000);
    // The connection goes to the address that was checked.
    expect(calls).toEqual(['93.184.216.34']);
  });
});

/** `/fast` answers at once; `/slow` answers when its entry in `held` is called. */
function slowAndFast() {
  const held: Array<() => void> = [];
  const sent: string[] = [];
  const post: PostWebhook = ({ url }) => {
    sent.push(url.pathname);
    if (url.pathname === '/fast') return Promise.resolve({ statusCode: 200 });
    return new Promise((resolve) => held.push(() => resolve({ statusCode: 200 })));
  };
  return { held, sent, post };
}

const SLOW_AND_FAST = [
  { url: 'http://127.0.0.1:9/slow', events: ['csat.submitted' as const], secret: SECRET },
  { url: 'http://127.0.0.1:9/fast', events: ['conversation.closed' as const], secret: SECRET },
];

describe('a receiver that answers late', () => {
  it('holds only its own attempts: the next due goes out while it waits, and as soon as a slot frees', async () => {
    const { held, sent, post } = slowAndFast();
    const { webhooks } = service({
      batch: 2,
      // Every slot to one subscription: what is shown here is the wake when a shared slot frees.
      perSubscription: 2,
      post,
      subscriptions: SLOW_AND_FAST,
    });
    await webhooks.start();
    const closed = (n: number) => closedEvent(webhooks, n);
    // Answered once, the slow receiver has its whole share (before, one attempt at a time).
    await record(webhooks, 1, 100);
    await until(() => held.length === 1, 'the first slow attempt under way');
    held.shift()!();
    await webhooks.idle();
    await record(webhooks, 1);
    await until(() => held.length === 1, 'the slow attempt under way');
    // The clock stands still: no poll runs, only what the outbox and ending attempts wake.
    await closed(1);
    await until(
      () => sent.filter((p) => p === '/fast').length === 1,
      'the fast one sent while the slow one waits',
    );
    await record(webhooks, 1, 1);
    await until(() => held.length === 2, 'both slots held');
    await closed(2);
    expect(sent.filter((p) => p === '/fast')).toHaveLength(1);
    held[0]!();
    await until(() => sent.filter((p) => p === '/fast').length === 2, 'the fast one sent once a slot freed');
    held[1]!();
    await webhooks.idle();
  });
});

describe('a receiver that never answers, with more deliveries due than its share', () => {
  it('holds only its share of the slots, and sends its next as soon as one of its own ends', async () => {
    const { held, sent, post } = slowAndFast();
    const { webhooks } = service({
      batch: 4,
      post,
      subscriptions: SLOW_AND_FAST,
    });
    await webhooks.start();
    // The clock stands still: no poll runs, only what the outbox and ending attempts wake.
    await record(webhooks, 3);
    await until(() => held.length === 1, 'the first slow attempt under way');
    for (let n = 0; n < 3; n++) await closedEvent(webhooks, n);
    await until(
      () => sent.filter((p) => p === '/fast').length === 3,
      'the fast ones sent past the slow backlog',
    );
    // A quarter of four slots: the slow receiver's other two deliveries wait for its own to end.
    expect(held).toHaveLength(1);
    held[0]!();
    await until(() => held.length === 2, "the slow receiver's next sent as its attempt ended");
    held[1]!();
    await until(() => held.length === 3, 'and the one after');
    held[2]!();
    await webhooks.idle();
  });
});

describe('four receivers that never answer, each at its share of the slots', () => {
  it('have one attempt each until one succeeds, failing ones half of the slots, the others the rest', async () => {
    // Each `/dead-n` attempt waits until the test ends it, as a timeout (at once after `ending`);
    // `/fast` answers at once.
    const held: Array<() => void> = [];
    const sent: string[] = [];
    let ending = false;
    const post: PostWebhook = ({ url }) => {
      sent.push(url.pathname);
      if (url.pathname === '/fast') return Promise.resolve({ statusCode: 200 });
      if (ending) return Promise.resolve({ error: 'timed out' });
      return new Promise((resolve) => held.push(() => resolve({ error: 'timed out' })));
    };
    const dead = [0, 1, 2, 3].map((n) => ({
      url: `http://127.0.0.1:9/dead-${n}`,
      events: ['csat.submitted' as const],
      secret: SECRET,
    }));
    const { webhooks } = service({ batch: 8, post, subscriptions: [...dead, SLOW_AND_FAST[1]!] });
    try {
      await webhooks.start();
      const closed = (n: number) => closedEvent(webhooks, n);
      // Before any of theirs has succeeded, each has one attempt (before the fix, two: every slot).
      await record(webhooks, 2);
      await until(() => held.length === 4, 'one attempt of each');
      await closed(0);
      await until(() => sent.includes('/fast'), 'the other subscriber sent beside them');
      expect(held).toHaveLength(4);
      for (const end of held.splice(0)) end();
      await until(() => held.length === 4 && sent.length === 9, 'the second event, one attempt of each');
      for (const end of held.splice(0)) end();
      // The clock stands still: their retries are not due, only the events recorded from now on.
      await until(() => held.length === 0 && sent.length === 9, 'the attempts recorded');
      await webhooks.idle();
      await record(webhooks, 3, 2);
      await until(() => held.length === 4, 'one attempt of each failing receiver');
      await closed(1);
      await until(
        () => sent.filter((p) => p === '/fast').length === 2,
        'the other subscriber sent past them',
      );
      expect(held).toHaveLength(4);
      // One ends (fails again): its next goes out in its place.
      held.shift()!();
      await until(() => held.length === 4, "the failed receiver's next attempt");
    } finally {
      // Every attempt ends (the stop waits for them), even when the test failed.
      ending = true;
      for (const end of held.splice(0)) end();
      await webhooks.idle();
    }
  });
});

describe('subscriptions from the options', () => {
  it('keeps one per URL across restarts and drops those the options no longer list', async () => {
    const store = createMemoryStore();
    const a = { url: 'http://127.0.0.1:9/a', events: ['csat.submitted' as const], secret: SECRET };
    const b = { url: 'http://127.0.0.1:9/b', events: ['ticket.created' as const], secret: SECRET };
    const first = service({ subscriptions: [a, b] }, store);
    await first.webhooks.start();
    await first.webhooks.stop();
    const made = await store.listWebhookSubscriptions();
    expect(made.map((s) => s.url)).toEqual([a.url, b.url]);
    const again = service({ subscriptions: [{ ...a, events: ['csat.submitted', 'sla.breached'] }] }, store);
    await again.webhooks.start();
    const [kept, ...rest] = await store.listWebhookSubscriptions();
    expect(rest).toEqual([]);
    expect(kept).toMatchObject({ id: made[0]!.id, url: a.url, events: ['csat.submitted', 'sla.breached'] });
  });

  it('leaves out one the options list for a URL already subscribed over the API, and says so', async () => {
    const store = createMemoryStore();
    const url = 'http://127.0.0.1:9/crm';
    const first = service({}, store);
    await first.webhooks.start();
    const made = await first.webhooks.admin.subscribe({ url, events: ['ticket.created'] });
    await first.webhooks.stop();
    const again = service({ subscriptions: [{ url, events: ['csat.submitted'], secret: SECRET }] }, store);
    await again.webhooks.start();
    // One subscription: a second would deliver every event twice.
    expect((await store.listWebhookSubscriptions()).map((s) => s.id)).toEqual([made.id]);
    expect(again.errors).toEqual([expect.stringContaining(`webhooks.subscriptions[0]: `)]);
    expect(again.errors[0]).toContain(made.id);
  });
});

describe('the delivery log', () => {
  it('forgets finished deliveries after keepDays, keeping pending ones', async () => {
    let up = true;
    const { webhooks, store, advance } = service({
      pollMs: 600_000,
      keepDays: 2,
      retry: { forMs: 30 * 86_400_000 },
      post: async () => (up ? { statusCode: 200 } : { error: 'connection refused' }),
    });
    await webhooks.start();
    await webhooks.admin.subscribe({ url: 'http://127.0.0.1:9/x', events: ['csat.submitted'] });
    await record(webhooks, 1);
    await webhooks.idle();
    up = false;
    await record(webhooks, 1, 1);
    await webhooks.idle();
    await advance(2 * 86_400_000 + 3_600_000);
    expect((await store.listWebhookDeliveries({})).map((d) => [d.eventId, d.status])).toEqual([
      ['evt_1', 'pending'],
    ]);
  });
});

describe('the outbox', () => {
  it('writes nothing for an event nobody subscribed to, and batches concurrent records', async () => {
    const store = createMemoryStore();
    let writes = 0;
    const counting: Store = {
      ...store,
      enqueueWebhookEvents: (events) => {
        writes++;
        return store.enqueueWebhookEvents(events);
      },
    };
    const { webhooks } = service({ post: async () => ({ statusCode: 200 }) }, counting);
    await webhooks.start();
    await webhooks.outbox.record('message.created', {
      conversationId: 'c_1',
      message: {
        id: 'm',
        conversationId: 'c_1',
        seq: 1,
        author: { kind: 'bot' },
        content: { kind: 'text', text: 'hi' },
        createdAt: 1,
      },
    });
    expect(webhooks.outbox.wants('message.created')).toBe(false);
    expect(writes).toBe(0);
    await webhooks.admin.subscribe({
      url: 'http://127.0.0.1:9/x',
      events: ['message.created', 'csat.submitted'],
    });
    expect(webhooks.outbox.wants('message.created')).toBe(true);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        webhooks.outbox.record('csat.submitted', { conversationId: `c_${i}`, rating: 4 }),
      ),
    );
    expect(writes).toBeLessThanOrEqual(2);
    expect(await store.listWebhookDeliveries({ limit: 1000 })).toHaveLength(50);
  });

  it('refuses bad subscriptions with typed errors', async () => {
    const { webhooks } = service({
      allowPrivateNetworks: false,
      resolve: async () => [{ address: '10.0.0.1', family: 4 }],
    });
    const refusal = (input: Parameters<WebhookService['admin']['subscribe']>[0]) =>
      webhooks.admin.subscribe(input).then(
        () => 'accepted',
        (e: { code: string; problem?: string; message: string }) => `${e.code} ${e.problem ?? e.message}`,
      );
    expect(await refusal({ url: 'ftp://crm.example/', events: ['csat.submitted'] })).toBe(
      'invalid_frame scheme',
    );
    expect(await refusal({ url: 'https://intranet.example/', events: ['csat.submitted'] })).toBe(
      'forbidden private_address',
    );
    expect(await refusal({ url: 'https://crm.example/', events: ['csat.sent' as 'csat.submitted'] })).toMatch(
      /^invalid_frame events has unknown events \("csat.sent"\)/,
    );
    expect(await refusal({ url: 'https://crm.example/', events: [] })).toMatch(
      /^invalid_frame events must list/,
    );
    expect(
      await refusal({ url: 'https://crm.example/', events: ['csat.submitted'], secret: 'short' }),
    ).toMatch(/^invalid_frame secret/);
    await expect(webhooks.admin.remove('wh_none')).rejects.toMatchObject({ code: 'not_found' });
  });
});
