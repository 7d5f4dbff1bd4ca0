import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (2026-12-04, qa-attacker): a `history` request of 60 bytes is answered with up to 100
// messages, over a megabyte when they are long Chinese ones, and only the per-socket frame limit
// bounded how often. One shopper on five tabs had the hub send 273 MB in 10 s. A conversation's
// history pages are now paid for by their bytes (`historyBytesPerSecond`, `historyBytesBurst`),
// shared by all of the shopper's sockets; past that a request gets `rate_limited`.

const DEVICE = 'history-flooder';
const TEXT = '退'.repeat(4000);
const MESSAGES = 100;
const SOCKETS = 5;
// Within each socket's default frame burst (30): only the history budget can stop them.
const PER_SOCKET = 20;
// The hub's defaults, as documented in HubLimits.
const HISTORY_BYTES_PER_SECOND = 256 * 1024;
const HISTORY_BYTES_BURST = 3 * 1024 * 1024;

describe('an attacker floods history pages of a long conversation', () => {
  it('is sent no more page bytes than the conversation’s budget, and told rate_limited for the rest', async () => {
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
    const hello = { v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: DEVICE };
    const first = await rawSocket(url, SHOP_ORIGIN);
    first.send(hello);
    await first.next('welcome');
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

    const socks = [first];
    for (let k = 1; k < SOCKETS; k++) {
      const sock = await rawSocket(url, SHOP_ORIGIN);
      sock.send(hello);
      await sock.next('welcome');
      socks.push(sock);
    }
    let pageBytes = 0;
    let largestPage = 0;
    for (const sock of socks)
      sock.ws.on('message', (data: Buffer) => {
        if (!data.includes('"history.page"')) return;
        pageBytes += data.length;
        largestPage = Math.max(largestPage, data.length);
      });

    const started = Date.now();
    for (const [k, sock] of socks.entries())
      for (let n = 0; n < PER_SOCKET; n++)
        sock.send({ v: 1, type: 'history', id: `q${k}-${n}`, before: lastSeq + 1, limit: 100 });
    const answers = () =>
      socks.flatMap((s) => s.frames.filter((f) => typeof f.re === 'string' && f.re.startsWith('q')));
    const asked = SOCKETS * PER_SOCKET;
    await until(
      () => answers().length === asked,
      () => `${answers().length} of ${asked} history requests answered`,
      60_000,
    );
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
});
