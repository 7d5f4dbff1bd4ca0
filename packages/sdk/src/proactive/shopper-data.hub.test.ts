import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { startHub } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { ERASURE_GUARD_MS } from './erasure-guard.ts';
import { notifyRecordKey } from './notify-record.ts';

const START = Date.UTC(2026, 11, 1, 8, 0, 0);
const LI = { siteKey: 'shop', userId: '42' } as const;
const HAN = { siteKey: 'shop', userId: '7' } as const;

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

/** Every row the store holds that could name a shopper, as one string to search. */
async function rows(store: Store): Promise<string> {
  return JSON.stringify({
    timers: await store.listTimers({}),
    conversations: await store.listConversations({}),
    events: await store.listEvents({}),
    tickets: await store.listTickets({}),
  });
}

async function liWithProactiveData() {
  const clock = new ManualClock(START);
  const store = createMemoryStore();
  const started = await startHub({ clock, store, notifications: { maxPerShopper: 2 } });
  hub = started.hub;
  const h = started.hub;
  expect(await h.notify(LI, { kind: 'text', text: '欢迎' }, { dedupeKey: 'welcome' })).toMatchObject({
    ok: true,
  });
  const shipped = await h.orderEvent({
    id: 'ev-1',
    orderId: 'SO-1024',
    shopper: LI,
    status: 'shipped',
    at: START,
    detail: { carrier: '顺丰', trackingNo: 'SF123' },
  });
  expect(shipped).toMatchObject({ ok: true, notified: ['shipped'] });
  await h.orderEvent({ id: 'ev-2', orderId: 'SO-7', shopper: HAN, status: 'paid', at: START });
  await h.setNotificationOptOut(LI, true);
  return { h, store, clock };
}

describe('proactive data and the shopper data rights', () => {
  it('exports the notification record and the order tracks of the shopper, and only theirs', async () => {
    const { h } = await liWithProactiveData();
    const data = await h.exportShopper(LI);
    expect(data.notifications).toMatchObject({ optedOut: true, sent: [START, START] });
    expect(Object.keys(data.notifications?.keys ?? {})).toEqual(
      expect.arrayContaining(['welcome', 'order:SO-1024:shipped']),
    );
    expect(data.orders).toEqual([
      expect.objectContaining({ orderId: 'SO-1024', shopperId: 'u:42', trackingNo: 'SF123' }),
    ]);
    expect((await h.exportShopper({ siteKey: 'shop', userId: 'nobody' })).notifications).toBeNull();
  });

  it('erases them: no row names the shopper, others keep theirs, and a new notification starts fresh', async () => {
    const { h, store, clock } = await liWithProactiveData();
    expect(await rows(store)).toContain('u:42');
    expect(await store.getTimer(notifyRecordKey('shop', 'u:42'))).not.toBeNull();

    await h.eraseShopper(LI);

    const after = await rows(store);
    expect(after).not.toContain('u:42');
    expect(await store.getTimer(notifyRecordKey('shop', 'u:42'))).toBeNull();
    // The event log keeps order ids for the metrics; the tracks, which tied them to the shopper, are gone.
    const tracks = JSON.stringify(await store.listTimers({ prefix: 'order:' }));
    expect(tracks).not.toContain('SO-1024');
    expect(tracks).toContain('SO-7');
    expect(await h.exportShopper(LI)).toMatchObject({ notifications: null, orders: [] });

    // Right after the erasure nothing recreates the shopper (a notice or event racing it included)…
    expect(await h.notify(LI, { kind: 'text', text: '还在吗' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'erased' },
    });
    expect(await store.findLatestConversation('shop', 'u:42')).toBeNull();
    // …and once the erasure's guard has run out, the id starts afresh: opt-out, rate window and
    // keys went with the record.
    clock.advance(ERASURE_GUARD_MS);
    const again = await h.notify(LI, { kind: 'text', text: '欢迎回来' }, { dedupeKey: 'welcome' });
    expect(again).toMatchObject({ ok: true, duplicate: false });
    expect(await h.notify(LI, { kind: 'text', text: '第二条' })).toMatchObject({ ok: true });
  });
});
