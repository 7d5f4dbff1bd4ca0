import { KefuError } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import {
  countingWebSocket,
  type Frame,
  type HubConnection,
  scriptedHub,
  waitFor,
} from '../testing/scripted-hub.ts';
import { type AgentClient, createAgentClient } from './agent-client.ts';

// A scripted hub on msw's global WebSocket: each test answers the agent client frame by frame.
const HUB_URL = 'ws://hub.test/kefu';
const { connections } = scriptedHub(HUB_URL);
const opened: AgentClient[] = [];
afterEach(() => {
  for (const a of opened.splice(0)) a.disconnect();
});

// ── frames the scripted hub sends ───────────────────────────────────────────

const shopperProfile = { id: 's_1', identified: false };
const inboxItem = (conversationId: string) => ({
  conversationId,
  state: { status: 'queued', group: 'default' },
  shopper: shopperProfile,
  priority: 0,
  createdAt: 0,
});
const welcome = (inbox: object[] = []) => ({
  v: 1,
  type: 'welcome',
  agent: { id: 'mei', name: 'Mei', groups: ['default'], status: 'online', supervisor: false },
  inbox,
  heartbeatMs: 25_000,
  limits: {
    maxFrameBytes: 65_536,
    maxTextChars: 4000,
    maxQuickReplies: 10,
    maxNoteChars: 4000,
    maxHistoryPage: 100,
  },
});
const message = (seq: number) => ({
  seq,
  id: `m_${seq}`,
  conversationId: 'c_1',
  author: { kind: 'shopper' },
  createdAt: seq,
  content: { kind: 'text', text: `message ${seq}` },
});
const snapshot = (seqs: number[], extra: { re?: string; status?: string } = {}) => ({
  v: 1,
  type: 'conversation',
  ...(extra.re ? { re: extra.re } : {}),
  conversationId: 'c_1',
  state: { status: extra.status ?? 'assigned', agent: { id: 'mei', name: 'Mei' } },
  shopper: shopperProfile,
  messages: seqs.map(message),
  notes: [],
  lastSeq: Math.max(0, ...seqs),
  shopperReadSeq: 0,
});
const ok = (re: unknown) => ({ v: 1, type: 'ok', re });
/** The hub's ack of a `send` frame the client wrote, stored at `seq`. */
const ack = (send: { id?: unknown; clientMsgId?: unknown }, seq: number, duplicate = false) => ({
  v: 1,
  type: 'ack',
  re: send.id,
  conversationId: 'c_1',
  clientMsgId: send.clientMsgId,
  seq,
  messageId: `m_${seq}`,
  createdAt: 0,
  duplicate,
});
const error = (code: string, re?: unknown) => ({
  v: 1,
  type: 'error',
  ...(re ? { re } : {}),
  code,
  message: `hub says ${code}`,
  retryable: false,
});

// ── helpers ─────────────────────────────────────────────────────────────────

function agentClient() {
  const clock = new ManualClock(1_000_000);
  const sockets = countingWebSocket();
  const a = createAgentClient({
    url: HUB_URL,
    token: 'agent-token-mei-4f9c2a7e1b',
    clock,
    WebSocket: sockets.Ctor,
    backoff: { initialMs: 1000, maxMs: 8000 },
    requestTimeoutMs: 5000,
    // The scripted hub says nothing unless a test makes it, and tests move the clock by minutes at
    // once: the watch for silent connections (tested over a real hub in liveness.hub.test.ts) would
    // give up every connection here.
    liveness: { quietMs: 86_400_000, answerMs: 86_400_000 },
  });
  opened.push(a);
  return { a, clock, sockets };
}

async function connection(n: number): Promise<HubConnection> {
  await waitFor(() => expect(connections.length).toBeGreaterThanOrEqual(n));
  return connections[n - 1]!;
}

const framesOf = (conn: HubConnection, type: string) => conn.frames.filter((f) => f.type === type);

async function nthFrame(conn: HubConnection, type: string, n = 1): Promise<Frame> {
  return waitFor(() => {
    const frame = framesOf(conn, type)[n - 1];
    if (!frame) throw new Error(`no ${type} frame #${n} yet`);
    return frame;
  });
}

/** Connects and answers hello with a welcome. */
async function connected(a: AgentClient, inbox: object[] = []): Promise<HubConnection> {
  const done = a.connect();
  const conn = await connection(1);
  await nthFrame(conn, 'hello');
  conn.send(welcome(inbox));
  await done;
  return conn;
}

/** Drops the connection and completes the reconnect's welcome. */
async function reconnect(conn: HubConnection, clock: ManualClock, a: AgentClient, n: number) {
  conn.close(1006);
  await waitFor(() => expect(a.status).toBe('reconnecting'));
  clock.advance(1000);
  const next = await connection(n);
  await nthFrame(next, 'hello');
  next.send(welcome());
  await waitFor(() => expect(a.status).toBe('open'));
  return next;
}

// ── tests ───────────────────────────────────────────────────────────────────

describe('agent client against a scripted hub', () => {
  it('says hello with its token and resolves connect() on the welcome, with the inbox', async () => {
    const { a } = agentClient();
    const inboxes: unknown[] = [];
    a.on('inbox', (items) => inboxes.push(items));
    const conn = await connected(a, [inboxItem('c_1')]);
    expect(conn.frames[0]).toEqual({
      v: 1,
      type: 'hello',
      role: 'agent',
      token: 'agent-token-mei-4f9c2a7e1b',
      status: 'online',
      features: ['image', 'status'],
    });
    expect(a.profile).toMatchObject({ id: 'mei', name: 'Mei' });
    expect(a.inbox.map((i) => i.conversationId)).toEqual(['c_1']);
    expect(inboxes).toHaveLength(1);
    expect(a.status).toBe('open');
  });

  it('rejects connect() and stays down when the hub refuses the token with 4401', async () => {
    const { a, clock, sockets } = agentClient();
    const done = a.connect();
    const conn = await connection(1);
    await nthFrame(conn, 'hello');
    conn.close(4401, 'unknown agent token');
    await expect(done).rejects.toMatchObject({ code: 'unauthorized', message: 'unknown agent token' });
    expect(a.status).toBe('failed');
    clock.advance(60_000);
    expect(sockets.made).toBe(1);
  });

  it('keeps the inbox current from inbox.update frames', async () => {
    const { a } = agentClient();
    const conn = await connected(a, [inboxItem('c_1')]);
    conn.send({ v: 1, type: 'inbox.update', item: inboxItem('c_2') });
    conn.send({ v: 1, type: 'inbox.update', removed: 'c_1' });
    await waitFor(() => expect(a.inbox.map((i) => i.conversationId)).toEqual(['c_2']));
  });

  it('tells inboxChange listeners what changed, without copying the inbox for them', async () => {
    const { a } = agentClient();
    const changes: unknown[] = [];
    a.on('inboxChange', (change) => changes.push(change));
    const conn = await connected(a, [inboxItem('c_1')]);
    conn.send({ v: 1, type: 'inbox.update', item: inboxItem('c_2') });
    conn.send({ v: 1, type: 'presence', conversationId: 'c_2', online: false, at: 1 });
    conn.send({ v: 1, type: 'inbox.update', removed: 'c_1' });
    await waitFor(() => expect(changes).toHaveLength(4));
    expect(changes).toEqual([
      { reset: true },
      { reset: false, item: inboxItem('c_2') },
      { reset: false, item: { ...inboxItem('c_2'), shopperOnline: false } },
      { reset: false, removed: 'c_1' },
    ]);
    // The whole list is there to read, and `inbox` listeners still get it at each change.
    expect(a.inbox.map((i) => i.conversationId)).toEqual(['c_2']);
    const lists: string[][] = [];
    a.on('inbox', (items) => lists.push(items.map((i) => i.conversationId)));
    conn.send({ v: 1, type: 'inbox.update', item: inboxItem('c_3') });
    await waitFor(() => expect(lists).toEqual([['c_2', 'c_3']]));
  });

  it('resolves accept() with the snapshot the hub answers with its re', async () => {
    const { a } = agentClient();
    const conn = await connected(a);
    const accepting = a.accept('c_1');
    const request = await nthFrame(conn, 'accept');
    expect(request).toMatchObject({ v: 1, type: 'accept', conversationId: 'c_1', id: expect.any(String) });
    conn.send(snapshot([1, 2], { re: request.id as string }));
    const c = await accepting;
    expect(c).toMatchObject({ id: 'c_1', lastSeq: 2, state: { status: 'assigned' } });
    expect(a.conversation('c_1')?.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('rejects an action with a KefuError when the hub answers an error naming its re', async () => {
    const { a } = agentClient();
    const errors: unknown[] = [];
    a.on('error', (e) => errors.push(e));
    const conn = await connected(a);
    const accepting = a.accept('c_1');
    const other = a.join('c_9');
    const request = await nthFrame(conn, 'accept');
    conn.send(error('conflict', request.id));
    const rejected = await accepting.catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(KefuError);
    expect(rejected).toMatchObject({ code: 'conflict', message: 'hub says conflict' });
    // The error answered a request, so it is not also an unsolicited error event.
    expect(errors).toEqual([]);

    // The other request in flight is untouched by it.
    const join = await nthFrame(conn, 'join');
    conn.send({ ...snapshot([1]), conversationId: 'c_9', re: join.id });
    await expect(other).resolves.toMatchObject({ id: 'c_9' });
  });

  it('rejects a request at once with invalid_frame when the answer naming it cannot be read', async () => {
    const { a } = agentClient();
    const errors: unknown[] = [];
    a.on('error', (e) => errors.push(e));
    const conn = await connected(a);
    const joining = a.join('c_1');
    const request = await nthFrame(conn, 'join');
    // A snapshot whose shopper lacks its id: the hub and this client disagree.
    conn.send({ ...snapshot([1], { re: request.id as string }), shopper: {} });
    const rejected = await joining.catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(KefuError);
    expect(rejected).toMatchObject({
      code: 'invalid_frame',
      message: expect.stringMatching(/unreadable frame/),
    });
    expect(errors).toEqual([]);
  });

  it('emits an error that names no pending request as an error event', async () => {
    const { a } = agentClient();
    const errors: unknown[] = [];
    a.on('error', (e) => errors.push(e));
    const conn = await connected(a);
    conn.send(error('rate_limited'));
    await waitFor(() =>
      expect(errors).toEqual([{ code: 'rate_limited', message: 'hub says rate_limited', retryable: false }]),
    );
  });

  it.each([
    ['transfer', (a: AgentClient) => a.transfer('c_1', { group: 'vip' }, 'VIP customer')],
    ['close', (a: AgentClient) => a.close('c_1', 'solved')],
    ['handback', (a: AgentClient) => a.handback('c_1')],
    ['status', (a: AgentClient) => a.setStatus('away')],
    ['read', (a: AgentClient) => a.markRead('c_1', 3)],
  ] as const)('resolves %s when the hub answers ok', async (type, act) => {
    const { a } = agentClient();
    const conn = await connected(a);
    const action = act(a);
    const request = await nthFrame(conn, type);
    conn.send(ok(request.id));
    await expect(action).resolves.toBeUndefined();
  });

  it('merges the snapshot of a re-join after a reconnect into what it holds', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const accepting = a.accept('c_1');
    const request = await nthFrame(conn, 'accept');
    conn.send(snapshot([1, 2, 3], { re: request.id as string }));
    await accepting;

    const conn2 = await reconnect(conn, clock, a, 2);
    // The client re-opens what it had open, from the last seq it holds without a gap.
    expect(await nthFrame(conn2, 'join')).toMatchObject({ conversationId: 'c_1', lastSeq: 3 });
    const updates: number[][] = [];
    a.on('conversation', (c) => updates.push(c.messages.map((m) => m.seq)));
    conn2.send(snapshot([3, 4, 5], { status: 'closed' }));
    await waitFor(() => expect(a.conversation('c_1')?.lastSeq).toBe(5));
    expect(a.conversation('c_1')!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(a.conversation('c_1')!.state.status).toBe('closed');
    expect(updates).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('fills the hole a re-join more than a page behind leaves, one history page at a time', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const accepting = a.accept('c_1');
    const request = await nthFrame(conn, 'accept');
    conn.send(snapshot([1, 2, 3], { re: request.id as string }));
    await accepting;

    const conn2 = await reconnect(conn, clock, a, 2);
    expect(await nthFrame(conn2, 'join')).toMatchObject({ conversationId: 'c_1', lastSeq: 3 });
    const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    // 297 were missed: the hub answers with the latest page only.
    conn2.send(snapshot(seqs(201, 300)));
    const answer = async (n: number, expected: object, page: number[]) => {
      const history = await nthFrame(conn2, 'history', n);
      expect(history).toMatchObject(expected);
      // The next page is asked for only once this one is answered.
      expect(framesOf(conn2, 'history')).toHaveLength(n);
      conn2.send({
        v: 1,
        type: 'history.page',
        re: history.id,
        conversationId: 'c_1',
        messages: page.map(message),
        hasMore: true,
      });
    };
    await answer(1, { conversationId: 'c_1', before: 201, limit: 100 }, seqs(101, 200));
    await answer(2, { conversationId: 'c_1', before: 101, limit: 97 }, seqs(4, 100));
    await waitFor(() => expect(a.conversation('c_1')!.messages.map((m) => m.seq)).toEqual(seqs(1, 300)));
    expect(framesOf(conn2, 'history')).toHaveLength(2);
  });

  it('tells listeners of each page the gap filler adds with a conversation event', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const accepting = a.accept('c_1');
    conn.send(snapshot([1], { re: (await nthFrame(conn, 'accept')).id as string }));
    await accepting;
    const conn2 = await reconnect(conn, clock, a, 2);
    await nthFrame(conn2, 'join');
    const seen: number[][] = [];
    a.on('conversation', (c) => seen.push(c.messages.map((m) => m.seq)));
    conn2.send(snapshot([150]));
    const history = await nthFrame(conn2, 'history');
    const missed = Array.from({ length: 148 }, (_, i) => i + 2);
    conn2.send({
      v: 1,
      type: 'history.page',
      re: history.id,
      conversationId: 'c_1',
      messages: missed.slice(-100).map(message),
      hasMore: true,
    });
    // What an event-driven UI would draw: the first filled page, told without waiting for anything else.
    await waitFor(() => expect(seen.at(-1)).toEqual([1, ...missed.slice(-100), 150]));
  });

  it('asks for a live message the feed skipped, when the next one shows the hole', async () => {
    const { a } = agentClient();
    const conn = await connected(a);
    const joining = a.join('c_1');
    conn.send(snapshot([1, 2], { re: (await nthFrame(conn, 'join')).id as string }));
    await joining;
    conn.send({ v: 1, type: 'message', message: message(3) });
    conn.send({ v: 1, type: 'message', message: message(5) });
    const history = await nthFrame(conn, 'history');
    expect(history).toMatchObject({ conversationId: 'c_1', before: 5, limit: 1 });
    conn.send({
      v: 1,
      type: 'history.page',
      re: history.id,
      conversationId: 'c_1',
      messages: [message(4)],
      hasMore: true,
    });
    await waitFor(() => expect(a.conversation('c_1')!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]));
    // In order again: nothing more to ask for.
    conn.send({ v: 1, type: 'message', message: message(6) });
    await waitFor(() => expect(a.conversation('c_1')!.lastSeq).toBe(6));
    expect(framesOf(conn, 'history')).toHaveLength(1);
  });

  it('fills a hole on the new connection at once when the page asked on the lost one never came', async () => {
    // The no-loss test under a busy machine: the page asked just before the socket was killed is
    // never answered, and the re-join's fill waited out that request's timeout (120 s in tests).
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const joining = a.join('c_1');
    conn.send(snapshot([1, 2], { re: (await nthFrame(conn, 'join')).id as string }));
    await joining;
    conn.send({ v: 1, type: 'message', message: message(4) });
    await nthFrame(conn, 'history');

    const conn2 = await reconnect(conn, clock, a, 2);
    expect(await nthFrame(conn2, 'join')).toMatchObject({ conversationId: 'c_1', lastSeq: 2 });
    conn2.send(snapshot([4, 5]));
    const history = await nthFrame(conn2, 'history');
    expect(history).toMatchObject({ conversationId: 'c_1', before: 4, limit: 1 });
    conn2.send({
      v: 1,
      type: 'history.page',
      re: history.id,
      conversationId: 'c_1',
      messages: [message(3)],
      hasMore: true,
    });
    await waitFor(() => expect(a.conversation('c_1')!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]));
  });

  it('asks again for a page of a hole that timed out (a hub busy with a burst), without a re-join', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const joining = a.join('c_1');
    conn.send(snapshot([1, 2], { re: (await nthFrame(conn, 'join')).id as string }));
    await joining;
    conn.send({ v: 1, type: 'message', message: message(4) });
    await nthFrame(conn, 'history');
    await clock.advance(10_000); // the request's timeout: no answer
    await clock.advance(1_000);
    const again = await nthFrame(conn, 'history', 2);
    expect(again).toMatchObject({ conversationId: 'c_1', before: 4, limit: 1 });
    conn.send({
      v: 1,
      type: 'history.page',
      re: again.id,
      conversationId: 'c_1',
      messages: [message(3)],
      hasMore: true,
    });
    await waitFor(() => expect(a.conversation('c_1')!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]));
  });

  it('counts a live message once even if it also came in a snapshot', async () => {
    const { a } = agentClient();
    const conn = await connected(a);
    const joining = a.join('c_1');
    const request = await nthFrame(conn, 'join');
    conn.send(snapshot([1, 2], { re: request.id as string }));
    await joining;
    conn.send({ v: 1, type: 'message', message: message(2) });
    conn.send({ v: 1, type: 'message', message: message(3) });
    await waitFor(() => expect(a.conversation('c_1')?.lastSeq).toBe(3));
    expect(a.conversation('c_1')!.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('takes a status chosen on another connection, and asks for it on the next hello', async () => {
    const { a, clock } = agentClient();
    const told: string[] = [];
    a.on('agentStatus', (s) => told.push(s));
    const conn = await connected(a);
    expect(a.agentStatus).toBe('online');
    conn.send({ v: 1, type: 'status', status: 'away' });
    await waitFor(() => expect(a.agentStatus).toBe('away'));
    expect(a.profile?.status).toBe('away');
    conn.close(1006);
    await waitFor(() => expect(a.status).toBe('reconnecting'));
    clock.advance(1000);
    const next = await connection(2);
    expect(await nthFrame(next, 'hello')).toMatchObject({ status: 'away' });
    // The hub's welcome has the last word: the status the agent holds there now.
    next.send(welcome());
    await waitFor(() => expect(a.agentStatus).toBe('online'));
    expect(told).toEqual(['online', 'away', 'online']);
  });

  it('re-sends an unacknowledged send after a reconnect with the same ids, and resolves on its ack', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const sending = a.send('c_1', '您好，我是小美');
    const first = await nthFrame(conn, 'send');
    const conn2 = await reconnect(conn, clock, a, 2);
    const again = await nthFrame(conn2, 'send');
    expect(again).toEqual(first);
    conn2.send(ack(again, 7));
    await expect(sending).resolves.toMatchObject({ seq: 7, messageId: 'm_7' });
  });

  it('keeps a send waiting past requestTimeoutMs, re-sends it with the same ids when refused for now, and resolves on its ack', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const sending = a.send('c_1', '您好，我是小美');
    let settled = false;
    void sending.then(
      () => (settled = true),
      () => (settled = true),
    );
    const first = await nthFrame(conn, 'send');
    // A slow store: no answer long past requestTimeoutMs, and the send is still waiting.
    clock.advance(5000);
    await Promise.resolve();
    expect(settled).toBe(false);
    // The store is down: the hub refuses it for now.
    const timers = clock.pending;
    conn.send({ ...error('internal', first.id), retryable: true });
    await waitFor(() => expect(clock.pending).toBe(timers + 1));
    expect(settled).toBe(false);
    clock.advance(1000);
    const again = await nthFrame(conn, 'send', 2);
    expect(again).toEqual(first);
    conn.send(ack(again, 7, true));
    await expect(sending).resolves.toMatchObject({ seq: 7, messageId: 'm_7' });
  });

  it('waits longer after each refusal of the same send, up to 5 s, so a failing hub is not hammered', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const sending = a.send('c_1', '您好');
    const first = await nthFrame(conn, 'send');
    const pauses: number[] = [];
    for (let n = 1; n <= 7; n++) {
      const latest = await nthFrame(conn, 'send', n);
      conn.send({ ...error('internal', latest.id), retryable: true });
      await waitFor(() => expect(clock.pending).toBeGreaterThan(0));
      // Step the clock until the send goes out again: the pause this refusal bought.
      let waited = 0;
      while (framesOf(conn, 'send').length === n) {
        clock.advance(500);
        waited += 500;
        await Promise.resolve();
        if (waited > 60_000) throw new Error(`send #${n + 1} never went`);
      }
      pauses.push(waited);
    }
    expect(pauses).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000]);
    expect(framesOf(conn, 'send').at(-1)).toEqual(first);
    conn.send(ack(first, 7, true));
    await expect(sending).resolves.toMatchObject({ seq: 7 });
  });

  it('rejects a send the hub refuses for good, and does not re-send it after a reconnect', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const sending = a.send('c_1', 'x');
    const first = await nthFrame(conn, 'send');
    conn.send(error('forbidden', first.id));
    await expect(sending).rejects.toMatchObject({ code: 'forbidden' });
    const conn2 = await reconnect(conn, clock, a, 2);
    // Frames arrive in order: once a later request is in, a re-sent send would be too.
    void a.accept('c_2').catch(() => {});
    await nthFrame(conn2, 'accept');
    expect(framesOf(conn2, 'send')).toEqual([]);
  });

  it('queues a send made before the welcome and sends it after', async () => {
    const { a } = agentClient();
    const done = a.connect();
    const sending = a.send('c_1', 'early');
    const conn = await connection(1);
    await nthFrame(conn, 'hello');
    expect(framesOf(conn, 'send')).toEqual([]);
    conn.send(welcome());
    await done;
    const sent = await nthFrame(conn, 'send');
    conn.send(ack(sent, 1));
    await expect(sending).resolves.toMatchObject({ seq: 1 });
  });

  it('rejects a one-off request at once when not connected, with connection_lost (retryable)', async () => {
    const { a } = agentClient();
    await expect(a.accept('c_1')).rejects.toMatchObject({
      code: 'connection_lost',
      retryable: true,
      message: 'not connected to the hub; try again once reconnected',
    });
  });

  it('says close() takes a conversation and disconnect() ends the connection, sending nothing', async () => {
    const { a } = agentClient();
    const conn = await connected(a);
    // From plain JavaScript, by the shopper client's habit (client.close() ends its connection).
    const close = a.close as unknown as () => Promise<void>;
    await expect(close()).rejects.toMatchObject({
      code: 'invalid_frame',
      message:
        'agent.close(conversationId) closes a conversation and needs its id; to end the connection, call agent.disconnect()',
    });
    expect(conn.frames.filter((f) => f.type === 'close')).toEqual([]);
  });

  it('rejects a request the hub never answers after requestTimeoutMs with timeout (retryable)', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const closing = a.close('c_1');
    await nthFrame(conn, 'close');
    let settled = false;
    void closing.catch(() => {
      settled = true;
    });
    clock.advance(4999);
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advance(1);
    await expect(closing).rejects.toMatchObject({
      code: 'timeout',
      retryable: true,
      message: 'no answer to close within 5000 ms',
    });
  });

  it('settles every waiting request when disconnected, and leaves no timer behind', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const closing = a.close('c_1');
    const sending = a.send('c_1', 'hello');
    await nthFrame(conn, 'send');
    a.disconnect();
    const gone = {
      code: 'connection_lost',
      message: 'the agent client disconnected before the hub answered',
    };
    await expect(closing).rejects.toMatchObject(gone);
    await expect(sending).rejects.toMatchObject(gone);
    // The request timers were cleared with the requests: nothing fires later.
    expect(clock.pending).toBe(0);
  });

  it('resolves note() with the note, and counts the live copy once', async () => {
    const { a } = agentClient();
    const notes: unknown[] = [];
    a.on('note', (n) => notes.push(n));
    const conn = await connected(a);
    // The author gets the live copy because the conversation is open on this console.
    const joining = a.join('c_1');
    conn.send(snapshot([1], { re: (await nthFrame(conn, 'join')).id as string }));
    await joining;
    const noting = a.note('c_1', 'VIP, handle with care');
    const request = await nthFrame(conn, 'note');
    const note = {
      id: 'n_1',
      conversationId: 'c_1',
      clientMsgId: request.clientMsgId,
      author: { id: 'mei', name: 'Mei' },
      text: 'VIP, handle with care',
      createdAt: 0,
    };
    conn.send({ v: 1, type: 'note', re: request.id, note });
    conn.send({ v: 1, type: 'note', note });
    await expect(noting).resolves.toEqual(note);
    // A marker answer sent after the live copy: once it arrives, the copy has been handled.
    const marker = a.setStatus('away');
    conn.send(ok((await nthFrame(conn, 'status')).id));
    await marker;
    expect(notes).toHaveLength(1);
    expect(a.conversation('c_1')!.notes).toEqual([note]);
  });

  // `resendOnReconnect`), but the hub answers a note with a `note` frame, never an `ack`, and the
  // `note` case (agent-client.ts:167) does not remove it from `unacked`. So every note ever written
  // is re-sent after every reconnect, and the map grows for the life of the console.
  it('does not re-send a note the hub already answered after a reconnect', async () => {
    const { a, clock } = agentClient();
    const conn = await connected(a);
    const noting = a.note('c_1', 'call back tomorrow');
    const request = await nthFrame(conn, 'note');
    const note = {
      id: 'n_1',
      conversationId: 'c_1',
      clientMsgId: request.clientMsgId,
      author: { id: 'mei', name: 'Mei' },
      text: 'call back tomorrow',
      createdAt: 0,
    };
    conn.send({ v: 1, type: 'note', re: request.id, note });
    await noting;
    const conn2 = await reconnect(conn, clock, a, 2);
    // A marker request sent now arrives after anything the welcome handler re-sent.
    const marker = a.setStatus('away');
    await nthFrame(conn2, 'status');
    conn2.send(ok(framesOf(conn2, 'status')[0]!.id));
    await marker;
    expect(framesOf(conn2, 'note')).toEqual([]);
  });
});

describe('createAgentClient without a WebSocket', () => {
  it('says where to get one on Node 20 (ws), instead of only naming the option', () => {
    const global = globalThis as { WebSocket?: unknown };
    const had = global.WebSocket;
    delete global.WebSocket;
    try {
      expect(() => createAgentClient({ url: 'ws://127.0.0.1:1', token: 't' })).toThrow(
        /npm install ws, then pass \{ WebSocket \} with import WebSocket from 'ws'/,
      );
    } finally {
      if (had !== undefined) global.WebSocket = had;
    }
  });
});
