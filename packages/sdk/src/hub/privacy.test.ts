import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import {
  agent,
  ORIGIN,
  rawSocket,
  SUPERVISOR_TOKEN,
  shopper,
  startHub,
  until,
} from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';
import { signIdentity } from './identity.ts';
import { applyRetention, RETENTION_PAGE } from './privacy.ts';

let hub: Hub;
const others: Hub[] = [];
afterEach(async () => {
  await hub?.close();
  await Promise.all(others.splice(0).map((h) => h.close()));
});

const SECRET = 'identity-secret-for-tests';
const LI_LEI = { siteKey: 'shop', userId: '42' };
const PERSONAL = /幸福路|13800138000|Li Lei|li@example\.com/;

/** Everything the store holds, as one string to search. */
async function everything(store: Store): Promise<string> {
  const conversations = await store.listConversations({});
  return JSON.stringify({
    conversations,
    messages: await Promise.all(
      conversations.map((c) => store.listMessages(c.id, { afterSeq: 0, limit: 1000 })),
    ),
    notes: await Promise.all(conversations.map((c) => store.listNotes(c.id))),
    events: await store.listEvents({}),
    tickets: await store.listTickets({}),
    shopper: await store.getShopper('shop', 'u:42'),
  });
}

/** Li Lei, identified, with their phone number and address written, waiting for a person. */
async function liLeiQueued(url: string) {
  const s = shopper(url, {
    identity: signIdentity({ id: '42', name: 'Li Lei', email: 'li@example.com' }, SECRET, {
      audience: 'shop',
    }),
  });
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  s.send('我的地址是上海市幸福路 8 号，电话 13800138000，转人工');
  await until(() => s.state?.status === 'queued', 'queued');
  return s;
}

/** Li Lei's conversation accepted by Mei, with a supervisor joined who records the assists. */
async function acceptedWhileSupervisorWatches(url: string) {
  const s = await liLeiQueued(url);
  const a = agent(url);
  await a.connect();
  const c = await a.accept(s.conversationId!);
  const boss = agent(url, SUPERVISOR_TOKEN);
  const assists: string[] = [];
  boss.on('assist', (x) => assists.push(x.conversationId));
  await boss.connect();
  await boss.join(c.id);
  return { s, a, c, boss, assists };
}

describe('privacy', () => {
  it('exports everything about a shopper, then erases them while keeping the metrics', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await liLeiQueued(started.url);
    const a = agent(started.url);
    await a.connect();
    const c = await a.accept(s.conversationId!);
    await a.send(c.id, '好的，李先生');
    await a.note(c.id, 'VIP, address checked');
    await a.ticket(c.id, 'create', '李先生：屏幕坏点，寄回上海市幸福路 8 号');
    await a.ticket(c.id, 'progress', '已联系仓库');
    await until(() => s.messages.some((m) => m.author.kind === 'agent'), 'reply');

    const data = await hub.exportShopper({ siteKey: 'shop', userId: '42' });
    expect(data.profile).toMatchObject({ name: 'Li Lei', email: 'li@example.com', identified: true });
    expect(data.conversations).toHaveLength(1);
    expect(JSON.stringify(data.conversations[0]!.messages)).toContain('幸福路');
    expect(data.conversations[0]!.notes.map((n) => n.text)).toEqual(['VIP, address checked']);
    expect(data.conversations[0]!.tickets).toMatchObject([
      {
        title: '李先生：屏幕坏点，寄回上海市幸福路 8 号',
        history: [{ action: 'created' }, { note: '已联系仓库' }],
      },
    ]);
    const before = await hub.report({ from: Date.now() - 86_400_000, to: Date.now() + 1000 });
    // A supervisor opening it gets the hub's assist (what the shopper's message meant)…
    const boss = agent(started.url, SUPERVISOR_TOKEN);
    const assists: string[] = [];
    boss.on('assist', (x) => assists.push(x.conversationId));
    await boss.connect();
    await boss.join(c.id);
    await until(() => assists.length === 1, 'the assist for a colleague');

    const closed = new Promise<number | undefined>((resolve) =>
      s.on('connection', (e) => e.status === 'failed' && resolve(e.code)),
    );
    expect(await hub.eraseShopper({ siteKey: 'shop', userId: '42' })).toEqual({ conversations: 1 });
    expect(await closed).toBe(4403);
    const after = await hub.exportShopper({ siteKey: 'shop', userId: '42' });
    expect(after.profile).toBeNull();
    expect(after.conversations).toEqual([]);
    // …and after the erasure this node remembers nothing of it to hand out.
    await boss.leave(c.id);
    await boss.join(c.id);
    const page = await a.loadOlder(c.id, 100);
    expect(assists).toHaveLength(1);
    expect(JSON.stringify(page.messages)).not.toMatch(/幸福路|13800138000|Li Lei|42/);
    expect(page.messages.every((m) => m.content.kind === 'system')).toBe(true);
    // The ticket trail stays (deadlines, who did what), without a word of it.
    const [ticket] = await hub.tickets({ conversationId: c.id });
    expect(JSON.stringify(ticket)).not.toMatch(/幸福路|李先生|仓库/);
    expect(ticket!.history.map((h) => h.action)).toEqual(['created', 'progress']);
    const report = await hub.report({ from: Date.now() - 86_400_000, to: Date.now() + 1000 });
    expect(report.total.conversations).toBe(before.total.conversations);
    expect(report.total.firstResponse).toEqual(before.total.firstResponse);
    a.disconnect();
  });

  it('erases a shopper of a site the hub no longer serves but still holds, and refuses a site it never held', async () => {
    const store = createMemoryStore();
    const before = await startHub({ store, sites: [{ key: 'old-shop', origins: [ORIGIN] }] });
    const s = await rawSocket(`${before.url}/?site=old-shop`);
    s.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'old-shop', deviceId: 'dev-1' });
    const welcome = await s.next('welcome');
    const { shopperId } = welcome.conversation as { shopperId: string };
    await before.hub.close();
    // The site left the configuration; its shoppers' data did not.
    const started = await startHub({ store });
    hub = started.hub;
    expect(await hub.admin.eraseShopper({ siteKey: 'old-shop', shopperId })).toEqual({ conversations: 1 });
    await expect(hub.admin.eraseShopper({ siteKey: 'old-shpo', shopperId })).rejects.toMatchObject({
      code: 'not_found',
      message: 'no site "old-shpo" on this hub (its sites: "shop")',
    });
  });

  it('erases closed conversations older than the retention period, and only those', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const store = createMemoryStore();
    const started = await startHub({ clock, store, limits: { idleTimeoutMs: 10 * 86_400_000 } });
    hub = started.hub;
    const open = async (text: string) => {
      const s = shopper(started.url);
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send(text);
      await until(() => s.state?.status === 'queued', 'queued');
      return s;
    };
    const old = await open('old question, 转人工');
    const a = agent(started.url);
    await a.connect();
    await a.accept(old.conversationId!);
    await a.tags(old.conversationId!, ['call back 13800138000']);
    await a.close(old.conversationId!, 'answered, he asked us to call 13800138000');
    await a.leave(old.conversationId!);
    clock.advance(40 * 86_400_000);
    const recent = await open('new question, 转人工');
    expect(await hub.applyRetention(30 * 86_400_000)).toEqual({ erased: 1, profiles: 1 });
    const oldView = await a.join(old.conversationId!);
    expect(JSON.stringify(oldView.messages)).not.toContain('old question');
    // Retention erases what an erasure does: the resolution and the tags too.
    expect(await everything(store)).not.toContain('13800138000');
    const recentView = await a.join(recent.conversationId!);
    expect(JSON.stringify(recentView.messages)).toContain('new question');
    old.close();
    recent.close();
    a.disconnect();
  });

  it('forgets the profile (name, e-mail) of a shopper whose every conversation retention erased, not of one who came back', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const store = createMemoryStore();
    const started = await startHub({ clock, store, limits: { idleTimeoutMs: 10 * 86_400_000 } });
    hub = started.hub;
    const a = agent(started.url);
    await a.connect();
    /** A signed-in shopper's conversation, answered and closed. */
    const closedChat = async (id: string, name: string) => {
      const s = shopper(started.url, {
        identity: signIdentity({ id, name, email: `${id}@example.com` }, SECRET, {
          audience: 'shop',
          now: clock.now(),
        }),
      });
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send('转人工');
      await until(() => s.state?.status === 'queued', 'queued');
      await a.accept(s.conversationId!);
      await a.close(s.conversationId!);
      await a.leave(s.conversationId!);
      s.close();
    };
    await closedChat('42', 'Li Lei');
    await closedChat('43', 'Han Mei');
    clock.advance(40 * 86_400_000);
    // Han Mei came back: her new conversation is not past retention, so she is still a shopper here.
    const back = shopper(started.url, {
      identity: signIdentity({ id: '43', name: 'Han Mei', email: '43@example.com' }, SECRET, {
        audience: 'shop',
        now: clock.now(),
      }),
    });
    back.connect();
    await until(() => back.status === 'open', 'welcome back');
    expect(await hub.admin.applyRetention(30 * 86_400_000)).toEqual({ erased: 2, profiles: 1 });
    expect(await store.getShopper('shop', 'u:42')).toBeNull();
    expect(await everything(store)).not.toMatch(/Li Lei|42@example\.com/);
    expect((await store.getShopper('shop', 'u:43'))?.name).toBe('Han Mei');
    back.close();
    a.disconnect();
  });

  it('leaves no word of the shopper in close resolutions, knowledge drafts, tags or tickets, all of which the export showed', async () => {
    const store = createMemoryStore();
    const started = await startHub({ store });
    hub = started.hub;
    const s = await liLeiQueued(started.url);
    const a = agent(started.url);
    await a.connect();
    const c = await a.accept(s.conversationId!);
    await a.send(c.id, '好的李先生，换货寄到上海市幸福路 8 号');
    await until(() => s.messages.some((m) => m.author.kind === 'agent'), 'the reply');
    const reply = s.messages.find((m) => m.author.kind === 'agent')!;
    await a.tags(c.id, ['exchange', 'Li Lei']);
    await a.ticket(c.id, 'create', '换货：上海市幸福路 8 号');
    await hub.admin.draftKnowledgeEntry(c.id, reply.seq);
    await a.close(c.id, '已换货，快递会打 13800138000');
    await until(() => s.state?.status === 'closed', 'closed');
    const before = await hub.report({ from: Date.now() - 86_400_000, to: Date.now() + 1000 });

    // Export and erasure agree on what exists: the export carries each place the words were.
    const exported = (await hub.admin.exportShopper(LI_LEI)).conversations[0]!;
    const kinds = (pattern: RegExp) =>
      exported.events.filter((e) => pattern.test(JSON.stringify(e.data))).map((e) => e.kind);
    expect(kinds(/13800138000/)).toEqual(['kb.draft', 'closed']);
    expect(exported.conversation.state.tags).toEqual(['exchange', 'Li Lei']);
    expect(JSON.stringify(exported.tickets)).toContain('幸福路');
    expect(await everything(store)).toMatch(PERSONAL);

    await hub.admin.eraseShopper(LI_LEI);
    expect(await everything(store)).not.toMatch(PERSONAL);
    expect(await hub.admin.knowledgeDrafts()).toEqual([]);
    const [closed] = await store.listEvents({ kinds: ['closed'] });
    expect(closed!.data).toEqual({ status: 'assigned' });
    const report = await hub.report({ from: Date.now() - 86_400_000, to: Date.now() + 1000 });
    expect(report.total).toEqual(before.total);
    a.disconnect();
  });

  it("closes the erased shopper's sockets on their site only, not those of the same user id on another site", async () => {
    // Sites with separate accounts have separate user 42s: erasing the shop's closed the outlet's
    // chat too, as "forbidden: this shopper was erased", which the widget does not retry.
    const started = await startHub({
      sites: [
        { key: 'shop', origins: [ORIGIN], identitySecret: SECRET },
        { key: 'outlet', origins: [ORIGIN], identitySecret: SECRET },
      ],
    });
    hub = started.hub;
    const signedIn = async (site: string) => {
      const sock = await rawSocket(`${started.url}/?site=${site}`);
      const identity = signIdentity({ id: '42' }, SECRET, { audience: site });
      sock.send({ v: 1, type: 'hello', role: 'shopper', siteKey: site, deviceId: `dev-${site}`, identity });
      await sock.next('welcome');
      return sock;
    };
    const shop = await signedIn('shop');
    const outlet = await signedIn('outlet');
    await hub.admin.eraseShopper(LI_LEI);
    expect(await shop.waitClosed()).toMatchObject({ code: 4403 });
    outlet.send({ v: 1, type: 'ping', id: 'p1' });
    await until(() => outlet.closed !== undefined || outlet.frames.some((f) => f.re === 'p1'), 'an answer');
    expect(outlet.closed).toBeUndefined();
  });

  it('drops the assist when the conversation closes: nobody works it any more', async () => {
    const started = await startHub();
    hub = started.hub;
    const { a, c, boss, assists } = await acceptedWhileSupervisorWatches(started.url);
    await until(() => assists.length === 1, 'the assist while it is open');
    await a.close(c.id);
    await boss.leave(c.id);
    await boss.join(c.id);
    // The join's snapshot came and went without an assist.
    expect(assists).toHaveLength(1);
    a.disconnect();
    boss.disconnect();
  });

  it('makes every node forget an erased conversation, not only the one that erased it', async () => {
    const store = createMemoryStore();
    const bus = createMemoryBus();
    const one = await startHub({ store, bus, secret: 'cluster-secret-0123456789' });
    const two = await startHub({ store, bus, secret: 'cluster-secret-0123456789' });
    hub = one.hub;
    others.push(two.hub);
    // The shopper and the agents are on node two, which remembers the conversation's assist.
    const { a, c, boss, assists } = await acceptedWhileSupervisorWatches(two.url);
    await until(() => assists.length === 1, 'the assist from node two');
    await boss.leave(c.id);

    expect(await one.hub.admin.eraseShopper(LI_LEI)).toEqual({ conversations: 1 });
    // Erasure tells the nodes through the bus (the memory bus delivers before publish resolves).
    await boss.join(c.id);
    expect(assists).toHaveLength(1);
    a.disconnect();
    boss.disconnect();
  });
});

describe('applyRetention: profiles', () => {
  const DAY = 86_400_000;
  const MAX_AGE = 30 * DAY;

  /** A profile written on `day`, and (with `chat`) a conversation of theirs in that status, last changed on `chat.day`. */
  async function shopperOn(
    store: Store,
    id: string,
    day: number,
    chat?: { day: number; status: 'closed' | 'assigned' },
  ): Promise<void> {
    await store.upsertShopper(
      { siteKey: 'shop', id, identified: true, name: `Name ${id}`, email: `${id}@example.com` },
      day * DAY,
    );
    if (!chat) return;
    await store.createConversation({
      id: `c_${id}`,
      siteKey: 'shop',
      shopperId: id,
      state:
        chat.status === 'closed'
          ? { status: 'closed' }
          : { status: 'assigned', group: 'g', agent: { id: 'mei', name: 'Mei' } },
      createdAt: chat.day * DAY,
    });
  }

  it('forgets a profile still fresh when an earlier run erased its conversations, once it is stale', async () => {
    const store = createMemoryStore();
    await shopperOn(store, 'u:42', 0, { day: 0, status: 'closed' });
    // Seen again on day 20 (a hello writes the profile) without writing in the old conversation.
    await shopperOn(store, 'u:42', 20);
    expect(await applyRetention(store, MAX_AGE, 40 * DAY)).toEqual({ erased: 1, profiles: 0 });
    expect((await store.getShopper('shop', 'u:42'))?.name).toBe('Name u:42');
    // The next runs find no conversation of theirs to erase, and still look at the profile.
    expect(await applyRetention(store, MAX_AGE, 49 * DAY)).toEqual({ erased: 0, profiles: 0 });
    expect(await applyRetention(store, MAX_AGE, 51 * DAY)).toEqual({ erased: 0, profiles: 1 });
    expect(await store.getShopper('shop', 'u:42')).toBeNull();
  });

  it('forgets the profile of a shopper who never had a conversation, once it is stale', async () => {
    const store = createMemoryStore();
    await shopperOn(store, 'u:7', 0);
    await shopperOn(store, 'u:8', 15);
    expect(await applyRetention(store, MAX_AGE, 40 * DAY)).toEqual({ erased: 0, profiles: 1 });
    expect(await store.getShopper('shop', 'u:7')).toBeNull();
    expect(await store.getShopper('shop', 'u:8')).not.toBeNull();
  });

  it('keeps a stale profile while its shopper has an open or recent conversation, and a recently written one', async () => {
    const store = createMemoryStore();
    await shopperOn(store, 'open', 0, { day: 0, status: 'assigned' });
    await shopperOn(store, 'recent', 0, { day: 35, status: 'closed' });
    await shopperOn(store, 'back', 0, { day: 0, status: 'closed' });
    await shopperOn(store, 'back', 39);
    expect(await applyRetention(store, MAX_AGE, 40 * DAY)).toEqual({ erased: 1, profiles: 0 });
    for (const id of ['open', 'recent', 'back']) expect(await store.getShopper('shop', id)).not.toBeNull();
  });

  it('deletes every stale profile, however many pages they take, and asks for bounded pages', async () => {
    const memory = createMemoryStore();
    const limits: number[] = [];
    const store: Store = {
      ...memory,
      listStaleShoppers: (filter) => {
        limits.push(filter.limit);
        return memory.listStaleShoppers(filter);
      },
    };
    const n = 2 * RETENTION_PAGE + 1;
    for (let i = 0; i < n; i++) await shopperOn(store, `s${String(i).padStart(4, '0')}`, 0);
    // Stale too, but their shoppers still have a conversation: skipped, and not listed for ever.
    for (let i = 0; i < RETENTION_PAGE + 3; i++)
      await shopperOn(store, `k${i}`, 0, { day: 0, status: 'assigned' });
    expect(await applyRetention(store, MAX_AGE, 40 * DAY)).toEqual({ erased: 0, profiles: n });
    expect(limits.every((limit) => limit <= RETENTION_PAGE)).toBe(true);
    expect(limits.length).toBeGreaterThan(3);
    expect(await store.listStaleShoppers({ updatedBefore: 10 * DAY, limit: n })).toHaveLength(
      RETENTION_PAGE + 3,
    );
  });
});
