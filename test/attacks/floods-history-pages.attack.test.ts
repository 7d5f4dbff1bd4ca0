import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (2026-12-04, qa-attacker): a `history` request of 60 bytes is answered with up to 100
// messages, over a megabyte when they are long Chinese ones, and only the per-socket frame limit
// bounded how often. One shopper on five tabs had the hub send 273 MB in 10 s; reconnecting in a
// loop (each welcome replays that page), 770 MB. A conversation's history pages and welcome
// replays are now paid for by their bytes (`historyBytesPerSecond`, `historyBytesBurst`), shared
// by all of the shopper's sockets; past that a request or a hello gets `rate_limited`.

const DEVICE = 'history-flooder';
const TEXT = '退'.repeat(4000);
const MESSAGES = 100;
const SOCKETS = 5;
const PER_SOCKET = 20;
// The hub's defaults, as documented in HubLimits.
const HISTORY_BYTES_PER_SECOND = 256 * 1024;
const HISTORY_BYTES_BURST = 3 * 1024 * 1024;

type Socket = Awaited<ReturnType<typeof rawSocket>>;
const HELLO = { v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: DEVICE };

/** A hub, and the attacker's conversation of MESSAGES long messages, on `tabs` sockets welcomed before. */
async function longConversation(tabs: number): Promise<{ url: string; socks: Socket[]; lastSeq: number }> {
  // The attacker's conversation is filled quickly here; over days the default budget fills it too.
  const hub = await startHubProcess({
    options: {
      limits: {
        conversationMessageBurst: 200,
        conversationMessagesPerSecond: 100,
        frameBurst: 200,
        framesPerSecond: 100,
      },
    },
  });
  const url = `${hub.wsUrl}/?site=shop`;
  const socks: Socket[] = [];
  for (let k = 0; k < tabs; k++) {
    const sock = await rawSocket(url, SHOP_ORIGIN);
    sock.send(HELLO);
    await sock.next('welcome');
    socks.push(sock);
  }
  const first = socks[0]!;
  // One at a time, so the hub is not a queue of megabytes behind.
  for (let i = 0; i < MESSAGES; i++) {
    first.send({
      v: 1,
      type: 'send',
      id: `s${i}`,
      clientMsgId: `m${i}`,
      content: { kind: 'text', text: TEXT },
    });
    await until(() => first.frames.some((f) => f.type === 'ack' && f.re === `s${i}`), `message ${i} acked`);
  }
  const lastSeq = Math.max(...first.frames.filter((f) => f.type === 'ack').map((f) => f.seq as number));
  return { url, socks, lastSeq };
}

describe('an attacker floods history pages of a long conversation', () => {
  it('is sent no more page bytes than the conversation’s budget, and told rate_limited for the rest', async () => {
    const { socks, lastSeq } = await longConversation(SOCKETS);
    const first = socks[0]!;

    let pageBytes = 0;
    let largestPage = 0;
    for (const sock of socks)
      sock.ws.on('message', (data: Buffer) => {
        if (!data.includes('"history.page"')) return;
        pageBytes += data.length;
        largestPage = Math.max(largestPage, data.length);
      });

    const started = Date.now();
    // Each tab asks again as soon as it has its answer: it reads everything, so it is never a slow consumer.
    await Promise.all(
      socks.map(async (sock, k) => {
        for (let n = 0; n < PER_SOCKET; n++) {
          const id = `q${k}-${n}`;
          sock.send({ v: 1, type: 'history', id, before: lastSeq + 1, limit: 100 });
          await until(() => sock.frames.some((f) => f.re === id), `the answer to ${id}`);
        }
      }),
    );
    const answers = () =>
      socks.flatMap((s) => s.frames.filter((f) => typeof f.re === 'string' && f.re.startsWith('q')));
    const asked = SOCKETS * PER_SOCKET;
    const elapsedS = (Date.now() - started) / 1000;
    const pages = answers().filter((f) => f.type === 'history.page');
    const refused = answers().filter((f) => f.type === 'error');
    console.log(
      `${asked} history requests on ${SOCKETS} sockets: ${pages.length} pages (${(pageBytes / 1e6).toFixed(1)} MB, ` +
        `largest ${(largestPage / 1e6).toFixed(2)} MB), ${refused.length} refused, in ${elapsedS.toFixed(2)} s`,
    );

    // The burst, what refilled meanwhile, and the one page that may overdraw it.
    expect(pageBytes).toBeLessThanOrEqual(
      HISTORY_BYTES_BURST + elapsedS * HISTORY_BYTES_PER_SECOND + largestPage,
    );
    expect(pages.length).toBeGreaterThan(0);
    for (const error of refused) expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
    // The tabs are still served.
    const from = first.frames.length;
    first.send({ v: 1, type: 'ping', id: 'still-here' });
    expect(await first.next('pong', from)).toMatchObject({ re: 'still-here' });
    expect(socks.every((s) => s.closed === undefined)).toBe(true);
  }, 120_000);

  it('is replayed no more bytes than that budget by welcomes when reconnecting in a loop, and told rate_limited', async () => {
    const { url, socks } = await longConversation(1);
    socks[0]!.ws.close();
    await socks[0]!.waitClosed();
    const CYCLES = 30;
    let replayBytes = 0;
    let largestReplay = 0;
    let refused = 0;
    const started = Date.now();
    for (let n = 0; n < CYCLES; n++) {
      const sock = await rawSocket(url, SHOP_ORIGIN);
      let bytes = 0;
      sock.ws.on('message', (data: Buffer) => {
        if (data.includes('"type":"message"')) bytes += data.length;
      });
      sock.send({ ...HELLO, id: `h${n}` });
      await until(
        () =>
          sock.closed !== undefined || sock.frames.filter((f) => f.type === 'message').length === MESSAGES,
        `hello ${n} replayed or refused`,
      );
      if (sock.closed) {
        refused++;
        expect(sock.closed.code).toBe(4429);
        expect(sock.frames.find((f) => f.type === 'error')).toMatchObject({
          code: 'rate_limited',
          re: `h${n}`,
        });
      }
      replayBytes += bytes;
      largestReplay = Math.max(largestReplay, bytes);
      sock.ws.terminate();
    }
    const elapsedS = (Date.now() - started) / 1000;
    console.log(
      `${CYCLES} reconnects: ${CYCLES - refused} replayed (${(replayBytes / 1e6).toFixed(1)} MB), ${refused} refused, in ${elapsedS.toFixed(2)} s`,
    );
    expect(replayBytes).toBeLessThanOrEqual(
      HISTORY_BYTES_BURST + elapsedS * HISTORY_BYTES_PER_SECOND + largestReplay,
    );
    expect(refused).toBeGreaterThan(0);
  }, 120_000);
});
