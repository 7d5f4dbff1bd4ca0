import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { loadVectors } from '@kefu/protocol/vectors';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import {
  AGENT_TOKEN,
  agent,
  frozenClient,
  ORIGIN,
  rawSocket,
  shopper,
  startHub,
  until,
} from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { Hub } from './create-hub.ts';
import { signIdentity } from './identity.ts';

let hub: Hub;

/** One GET on a connection of its own (no pooling), so each request is a new TCP connection. */
function get(url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}
afterEach(async () => {
  await hub?.close();
});

const hello = (extra: object = {}) => ({
  v: 1,
  type: 'hello',
  role: 'shopper',
  siteKey: 'shop',
  deviceId: 'device-1',
  ...extra,
});

/** A second shopper that must keep being served while someone else misbehaves. */
async function bystander(url: string) {
  const s = shopper(url);
  s.connect();
  await until(() => s.status === 'open', 'bystander welcome');
  return {
    async stillServed() {
      const before = s.messages.length;
      s.send(`still here ${before}`);
      await until(() => s.outbox.length === 0 && s.messages.length > before, 'bystander message stored');
    },
    close: () => s.close(),
  };
}

describe('the hub answers bad input with typed errors and keeps serving others', () => {
  it('answers every invalid shopper vector with its error code, on a connection that stays open', async () => {
    const started = await startHub({ limits: { framesPerSecond: 10_000, frameBurst: 10_000 } });
    hub = started.hub;
    const other = await bystander(started.url);
    const sock = await rawSocket(`${started.url}/?site=shop`);
    sock.send(hello());
    await sock.next('welcome');
    const invalid = loadVectors('shopper-to-hub').vectors.filter((v) => v.expect !== 'valid');
    expect(invalid.length).toBeGreaterThan(40);
    for (const vector of invalid) {
      const from = sock.frames.length;
      sock.send(vector.raw);
      const error = await sock.next('error', from);
      const expected = vector.expect as { error: string; re?: string };
      expect({ name: vector.name, code: error.code }).toEqual({ name: vector.name, code: expected.error });
      if (expected.re) expect(error.re).toBe(expected.re);
    }
    expect(sock.closed).toBeUndefined();
    await other.stillServed();
    other.close();
  });

  it('answers every invalid agent vector with its error code', async () => {
    const started = await startHub({ limits: { framesPerSecond: 10_000, frameBurst: 10_000 } });
    hub = started.hub;
    const sock = await rawSocket(started.url, null);
    sock.send({ v: 1, type: 'hello', role: 'agent', token: AGENT_TOKEN });
    await sock.next('welcome');
    const invalid = loadVectors('agent-to-hub').vectors.filter((v) => v.expect !== 'valid');
    for (const vector of invalid) {
      const from = sock.frames.length;
      sock.send(vector.raw);
      const error = await sock.next('error', from);
      expect({ name: vector.name, code: error.code }).toEqual({
        name: vector.name,
        code: (vector.expect as { error: string }).error,
      });
    }
    expect(sock.closed).toBeUndefined();
  });

  it('closes with 4400 when the first frame is not a valid hello, and 4426 for an unknown version', async () => {
    const started = await startHub();
    hub = started.hub;
    const a = await rawSocket(`${started.url}/?site=shop`);
    a.send({ v: 1, type: 'send', clientMsgId: 'x', content: { kind: 'text', text: 'hi' } });
    expect((await a.waitClosed()).code).toBe(4400);
    expect(a.frames[0]).toMatchObject({ type: 'error', code: 'invalid_frame' });
    const b = await rawSocket(`${started.url}/?site=shop`);
    b.send({ ...hello(), v: 2 });
    expect((await b.waitClosed()).code).toBe(4426);
    expect(b.frames[0]).toMatchObject({ type: 'error', code: 'unsupported_version', retryable: false });
  });

  it('refuses a page origin that is not on the allowlist, and an unknown site key', async () => {
    const started = await startHub();
    hub = started.hub;
    const other = await bystander(started.url);
    const wrong = await rawSocket(`${started.url}/?site=shop`, 'https://evil.test');
    expect((await wrong.waitClosed()).code).toBe(4403);
    expect(wrong.frames[0]).toMatchObject({ type: 'error', code: 'forbidden' });
    const none = await rawSocket(`${started.url}/?site=shop`, null);
    expect((await none.waitClosed()).code).toBe(4403);
    const unknown = await rawSocket(`${started.url}/?site=nope`);
    expect((await unknown.waitClosed()).code).toBe(4401);
    const noSite = await rawSocket(started.url);
    noSite.send(hello());
    expect((await noSite.waitClosed()).code).toBe(4401);
    await other.stillServed();
    other.close();
  });

  it("names the disagreement when the URL's site and the hello's siteKey differ", async () => {
    const started = await startHub({
      sites: [
        { key: 'shop', origins: [ORIGIN] },
        { key: 'other', origins: [ORIGIN] },
      ],
    });
    hub = started.hub;
    const sock = await rawSocket(`${started.url}/?site=shop`);
    sock.send(hello({ siteKey: 'other', id: 'h' }));
    expect((await sock.waitClosed()).code).toBe(4401);
    expect(sock.frames[0]).toMatchObject({ type: 'error', code: 'unauthorized', re: 'h' });
    expect(sock.frames[0]!.message).toMatch(/URL's site shop and the hello's siteKey other disagree/);
  });

  it('refuses a shopper message of only spaces and new lines with invalid_frame, and stores nothing', async () => {
    const store = createMemoryStore();
    const started = await startHub({ store });
    hub = started.hub;
    const s = await rawSocket(`${started.url}/?site=shop`);
    s.send(hello());
    const welcome = (await s.next('welcome')) as unknown as { conversation: { id: string } };
    for (const [id, text] of [
      ['blank', '   '],
      ['lines', ' \n\t\r\n'],
      ['ideographic', '\u3000\u3000'],
    ] as const) {
      const from = s.frames.length;
      s.send({ v: 1, type: 'send', id, clientMsgId: `m-${id}`, content: { kind: 'text', text } });
      expect(await s.next('error', from)).toMatchObject({
        code: 'invalid_frame',
        re: id,
        message: 'content.text: a message must hold more than spaces and new lines',
      });
    }
    const from = s.frames.length;
    s.send({ v: 1, type: 'send', id: 'ok', clientMsgId: 'm-ok', content: { kind: 'text', text: ' hi ' } });
    expect(await s.next('ack', from)).toMatchObject({ re: 'ok', seq: expect.any(Number) });
    const stored = await store.listMessages(welcome.conversation.id, { afterSeq: 0, limit: 100 });
    expect(stored.filter((m) => m.author.kind === 'shopper').map((m) => m.content)).toEqual([
      { kind: 'text', text: ' hi ' },
    ]);
    expect(s.closed).toBeUndefined();
  });

  it('refuses a blank message or note from an agent or the back office as well, before anything else is checked', async () => {
    const started = await startHub();
    hub = started.hub;
    for (const author of [{ kind: 'agent', agentId: 'mei' }, { kind: 'bot' }] as const)
      await expect(
        hub.admin.conversations.post('c_anything', { author, content: { kind: 'text', text: ' \n ' } }),
      ).rejects.toMatchObject({
        code: 'invalid_frame',
        message: 'content.text: a message must hold more than spaces and new lines',
      });
    const a = agent(started.url);
    await a.connect();
    await expect(a.note('c_anything', '\u3000 ')).rejects.toMatchObject({
      code: 'invalid_frame',
      message: 'text: a message must hold more than spaces and new lines',
    });
  });

  it('says a frame is for the other role, keeping invalid_frame, on shopper and agent connections', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await rawSocket(`${started.url}/?site=shop`);
    s.send(hello());
    await s.next('welcome');
    s.send({ v: 1, type: 'accept', id: 'a', conversationId: 'c1' });
    const wrong = await s.next('error');
    expect(wrong).toMatchObject({ code: 'invalid_frame', re: 'a' });
    expect(wrong.message).toMatch(/"accept" is a frame for agents; a shopper connection may not send it/);
    const from = s.frames.length;
    s.send({ v: 1, type: 'bogus', id: 'b' });
    expect((await s.next('error', from)).message).toMatch(
      /^type: expected one of "hello"\|"send"\|.*, got "bogus"$/,
    );
    expect(s.closed).toBeUndefined();

    const a = await rawSocket(started.url, null);
    a.send({ v: 1, type: 'hello', role: 'agent', token: AGENT_TOKEN });
    await a.next('welcome');
    a.send({ v: 1, type: 'csat', id: 'c', conversationId: 'c1', score: 5 });
    const agentWrong = await a.next('error');
    expect(agentWrong).toMatchObject({ code: 'invalid_frame', re: 'c' });
    expect(agentWrong.message).toMatch(/"csat" is a frame for shoppers; an agent connection may not send it/);
  });

  it('refuses an unknown agent token with 4401, and the agent client reports it as final', async () => {
    const started = await startHub();
    hub = started.hub;
    const a = agent(started.url, 'not-a-real-token');
    await expect(a.connect()).rejects.toMatchObject({ code: 'unauthorized' });
    await until(() => a.status === 'failed', 'agent client to stop retrying');
  });

  it('answers a frame over 64 KiB with frame_too_large and cuts one over 256 KiB with 1009', async () => {
    const started = await startHub();
    hub = started.hub;
    const sock = await rawSocket(`${started.url}/?site=shop`);
    sock.send(hello());
    await sock.next('welcome');
    const from = sock.frames.length;
    sock.send({
      v: 1,
      type: 'send',
      id: 'big',
      clientMsgId: 'm1',
      content: { kind: 'text', text: 'x'.repeat(70_000) },
    });
    expect(await sock.next('error', from)).toMatchObject({ code: 'frame_too_large' });
    sock.send({ v: 1, type: 'ping', id: 'p' });
    await sock.next('pong', from);
    sock.send({
      v: 1,
      type: 'send',
      clientMsgId: 'm2',
      content: { kind: 'text', text: 'x'.repeat(300_000) },
    });
    expect((await sock.waitClosed()).code).toBe(1009);
  });

  it('closes an oversized hello with frame_too_large (not retryable), as any oversized frame', async () => {
    const started = await startHub();
    hub = started.hub;
    const big = await rawSocket(`${started.url}/?site=shop`);
    big.send(hello({ pad: 'x'.repeat(100_000) }));
    expect((await big.waitClosed()).code).toBe(1009);
    expect(big.frames[0]).toMatchObject({ type: 'error', code: 'frame_too_large', retryable: false });
  });

  it('answers binary frames with invalid_frame', async () => {
    const started = await startHub();
    hub = started.hub;
    const sock = await rawSocket(`${started.url}/?site=shop`);
    sock.send(hello());
    await sock.next('welcome');
    const from = sock.frames.length;
    sock.ws.send(Buffer.from([1, 2, 3]));
    expect(await sock.next('error', from)).toMatchObject({ code: 'invalid_frame' });
  });

  it('rate-limits a flood with rate_limited errors, then closes it with 4429, while others are served', async () => {
    const started = await startHub({ limits: { framesPerSecond: 5, frameBurst: 10 } });
    hub = started.hub;
    const other = await bystander(started.url);
    const sock = await rawSocket(`${started.url}/?site=shop`);
    sock.send(hello({ deviceId: 'flooder' }));
    await sock.next('welcome');
    for (let i = 0; i < 200; i++)
      sock.send({ v: 1, type: 'send', clientMsgId: `f${i}`, content: { kind: 'text', text: `flood ${i}` } });
    expect((await sock.waitClosed()).code).toBe(4429);
    const limited = sock.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(10);
    expect(limited[0]).toMatchObject({ retryable: true });
    expect(typeof limited[0]!.clientMsgId).toBe('string');
    expect(sock.frames.filter((f) => f.type === 'ack').length).toBeLessThanOrEqual(11);
    await other.stillServed();
    other.close();
  });

  it('slows a client far ahead of the hub instead of cutting it: 1 MB of messages past a 16 KB queue, all stored', async () => {
    // A store that takes a few milliseconds per message: the hub falls far behind the client.
    const store = createMemoryStore();
    const slowStore = {
      ...store,
      appendMessage: async (...args: Parameters<typeof store.appendMessage>) => {
        await new Promise((r) => setTimeout(r, 2));
        return store.appendMessage(...args);
      },
    };
    const started = await startHub({
      limits: {
        framesPerSecond: 100_000,
        frameBurst: 100_000,
        conversationMessagesPerSecond: 100_000,
        conversationMessageBurst: 100_000,
        maxQueuedBytes: 16 * 1024,
      },
      store: slowStore,
    });
    hub = started.hub;
    const sock = await rawSocket(`${started.url}/?site=shop`);
    sock.send(hello({ deviceId: 'eager' }));
    await sock.next('welcome');
    const text = '好'.repeat(333);
    for (let i = 0; i < 1000; i++)
      sock.send({ v: 1, type: 'send', clientMsgId: `m${i}`, content: { kind: 'text', text } });
    const acks = () => sock.frames.filter((f) => f.type === 'ack');
    // Two slow appends a message (the shopper's, the bot's): many seconds on a busy machine, so
    // the wait follows the acks coming in rather than a fixed limit.
    await until(
      () => acks().length === 1000,
      () => `1,000 acks (${acks().length} so far)`,
    );
    expect(acks().map((f) => f.clientMsgId)).toEqual(Array.from({ length: 1000 }, (_, i) => `m${i}`));
    expect(sock.closed).toBeUndefined();
  }, 180_000);

  // Direct connections count from their TCP connect; one over the limit is let in only to be told
  // so: a WebSocket gets too_many_connections and close 4429, an HTTP request a 429 (behind a proxy
  // the edge counts the forwarded address, upgrade-guard.test.ts).
  it('refuses connections over the per-address limit promptly: close 4429 for a WebSocket, 429 for HTTP', async () => {
    const started = await startHub({ limits: { maxConnectionsPerIp: 3 } });
    hub = started.hub;
    const socks = await Promise.all([1, 2, 3, 4].map(() => rawSocket(`${started.url}/?site=shop`)));
    await until(() => socks.some((s) => s.closed !== undefined), 'the one over the limit to be closed');
    const refused = socks.filter((s) => s.closed !== undefined);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.closed!.code).toBe(4429);
    expect(refused[0]!.frames[0]).toMatchObject({
      type: 'error',
      code: 'too_many_connections',
      retryable: true,
    });

    const base = started.url.replace(/^ws/, 'http');
    const over = await get(`${base}/healthz`);
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toBe('1');
    expect(JSON.parse(over.body)).toMatchObject({ error: { code: 'too_many_connections' } });
    for (const s of socks) s.ws.close();
    await until(() => socks.every((s) => s.closed !== undefined), 'the held sockets to close');
    // The server sees the closes a moment after the client: retry until the slots are back.
    let again = await get(`${base}/healthz`);
    for (let i = 0; i < 100 && again.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await get(`${base}/healthz`);
    }
    expect(again.status).toBe(200);
  });

  it('closes a connection that never says hello, and one that stops answering pings', async () => {
    const started = await startHub({ limits: { helloTimeoutMs: 150, heartbeatMs: 100, idleTimeoutMs: 400 } });
    hub = started.hub;
    const silent = await rawSocket(`${started.url}/?site=shop`);
    expect((await silent.waitClosed()).code).toBe(4408);
    const frozen = await frozenClient(`${started.url}/?site=shop`, hello({ deviceId: 'frozen' }));
    await until(() => frozen.closed || started.hub.stats().shoppers === 0, 'the frozen client to be dropped');
    expect(started.hub.stats().shoppers).toBe(0);
    frozen.destroy();
  });

  it('closes a connection that never says hello within the hello timeout and a quarter, not twice it', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    // The defaults: a 10 s hello timeout and a 25 s heartbeat, on a clock the test moves.
    const started = await startHub({ clock });
    hub = started.hub;
    const silent = await rawSocket(`${started.url}/?site=shop`);
    const step = async (ms: number) => {
      clock.advance(ms);
      // A sweep re-arms after a turn of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    for (let elapsed = 0; elapsed < 7_500; elapsed += 2_500) await step(2_500);
    expect(silent.closed).toBeUndefined();
    for (let elapsed = 7_500; elapsed < 12_500; elapsed += 2_500) await step(2_500);
    expect((await silent.waitClosed()).code).toBe(4408);
    expect(silent.frames[0]).toMatchObject({ type: 'error', code: 'idle_timeout' });
  });

  it('closes a consumer that does not read (slow_consumer), keeping memory bounded', async () => {
    const started = await startHub({
      limits: { framesPerSecond: 100_000, frameBurst: 100_000, maxBufferedBytes: 64 * 1024 },
    });
    hub = started.hub;
    const frozen = await frozenClient(`${started.url}/?site=shop`, hello({ deviceId: 'slow' }));
    await until(() => started.hub.stats().shoppers === 1, 'frozen shopper registered');
    const { a, sock, c } = await readingTabServedByAgent(started.url, 'slow');
    const big = '大'.repeat(4000);
    for (let i = 0; i < 2000 && started.hub.stats().shoppers > 1; i++) await a.send(c.id, big);
    await until(() => started.hub.stats().shoppers === 1, 'the slow consumer to be closed');
    // The reading connection of the same conversation (same device) was not affected.
    expect(sock.closed).toBeUndefined();
    frozen.destroy();
    a.disconnect();
  });
});

/** A tab of `deviceId` that reads, asked for a person, and the agent (Mei) who accepted them. */
async function readingTabServedByAgent(url: string, deviceId: string) {
  const a = agent(url);
  await a.connect();
  const sock = await rawSocket(`${url}/?site=shop`);
  sock.send(hello({ deviceId }));
  await sock.next('welcome');
  sock.send({ v: 1, type: 'send', clientMsgId: 'h', content: { kind: 'text', text: '转人工' } });
  await until(() => a.inbox.length > 0, 'conversation queued');
  const c = await a.accept(a.inbox[0]!.conversationId);
  return { a, sock, c };
}

describe('what one address can make the hub hold', () => {
  it('closes the sockets of an address that together hold more than maxBufferedBytesPerAddress unread, each within its own limit', async () => {
    const started = await startHub({
      limits: {
        framesPerSecond: 100_000,
        frameBurst: 100_000,
        // Each socket alone may hold far more: only what the address holds together closes them.
        maxBufferedBytes: 64 * 1024 * 1024,
        maxBufferedBytesPerAddress: 256 * 1024,
      },
    });
    hub = started.hub;
    // Four tabs of one shopper (as many as maxConnectionsPerShopper lets in beside a reading one)
    // that read nothing, from the address every socket of this test shares.
    const frozen = await Promise.all(
      Array.from({ length: 4 }, () =>
        frozenClient(`${started.url}/?site=shop`, hello({ deviceId: 'greedy' })),
      ),
    );
    await until(() => started.hub.stats().shoppers === 4, 'the frozen tabs registered');
    const { a, sock, c } = await readingTabServedByAgent(started.url, 'greedy');
    // Every message reaches all five tabs; the frozen ones' kernel buffers fill, then the hub's.
    const big = '大'.repeat(4000);
    for (let i = 0; i < 600 && started.hub.stats().shoppers > 1; i++) await a.send(c.id, big);
    await until(() => started.hub.stats().shoppers === 1, 'the frozen tabs to be closed');
    // The tab that reads, and the agent, from the same address, were not affected.
    expect(sock.closed).toBeUndefined();
    await a.send(c.id, 'still here');
    await until(
      () => sock.frames.some((f) => f.type === 'message' && JSON.stringify(f).includes('still here')),
      'the reading tab served',
    );
    for (const f of frozen) f.destroy();
    a.disconnect();
  });
});

describe('identity tokens', () => {
  const secret = 'identity-secret-for-tests';

  it('recognises a signed shopper, refuses forged, expired and replayed tokens', async () => {
    const started = await startHub();
    hub = started.hub;
    const token = signIdentity({ id: 'u42', name: 'Li Lei', tier: 'vip' }, secret, { audience: 'shop' });
    const ok = await rawSocket(`${started.url}/?site=shop`);
    ok.send(hello({ identity: token }));
    expect(await ok.next('welcome')).toMatchObject({
      shopper: { id: 'u:u42', identified: true, name: 'Li Lei' },
    });

    const replay = await rawSocket(`${started.url}/?site=shop`);
    replay.send(hello({ identity: token }));
    expect((await replay.waitClosed()).code).toBe(4401);
    expect(replay.frames[0]).toMatchObject({ code: 'unauthorized' });

    const forged = await rawSocket(`${started.url}/?site=shop`);
    forged.send(
      hello({ identity: signIdentity({ id: 'u42' }, 'some-other-secret-123', { audience: 'shop' }) }),
    );
    expect((await forged.waitClosed()).code).toBe(4401);

    const expired = await rawSocket(`${started.url}/?site=shop`);
    expired.send(
      hello({
        identity: signIdentity({ id: 'u42' }, secret, {
          audience: 'shop',
          ttlSeconds: 60,
          now: Date.now() - 120_000,
        }),
      }),
    );
    expect((await expired.waitClosed()).code).toBe(4401);

    const tampered = await rawSocket(`${started.url}/?site=shop`);
    const [body, sig] = signIdentity({ id: 'u42' }, secret, { audience: 'shop' }).split('.');
    const evilBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), sub: 'admin' }),
    ).toString('base64url');
    tampered.send(hello({ identity: `${evilBody}.${sig}` }));
    expect((await tampered.waitClosed()).code).toBe(4401);
  });

  it('reconnects a signed-in shopper with the session token instead of the single-use identity', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = shopper(started.url, {
      identity: signIdentity({ id: 'u7', name: 'Han Meimei' }, secret, { audience: 'shop' }),
    });
    s.connect();
    const welcomes: string[] = [];
    s.on('welcome', (w) => welcomes.push(w.shopperId));
    await until(() => welcomes.length === 1, 'first welcome');
    s.send('hello');
    await until(() => s.outbox.length === 0, 'sent');
    const conversation = s.conversationId;
    await started.hub.close();
    const again = await startHub({ secret: 'x'.repeat(16) });
    hub = again.hub;
    expect(welcomes).toEqual(['u:u7']);
    s.close();
    void conversation;
  });
});
