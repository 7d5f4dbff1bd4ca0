import { describe, expect, it } from 'vitest';
import { shopperId } from '../../packages/sdk/src/shopper-id.ts';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 10 (the flood): limits were per socket, so one shopper on 40 sockets stored 3,200
// messages (12.5 MB) in 8.4 s. Now a shopper holds at most `maxConnectionsPerShopper` sockets
// per node, and their conversation has one message budget, whichever socket a message comes on.

const DEVICE = 'flooding-device';
const SOCKETS = 40;
// Within each socket's own frame burst (30), so only the per-shopper limits can stop the flood.
const PER_SOCKET = 25;
const TEXT = 'x'.repeat(3900);
// The hub's defaults, as documented in HubLimits.
const MAX_CONNECTIONS = 5;
const BURST = 30;
const PER_SECOND = 2;

describe('an attacker floods from many sockets as one shopper', () => {
  it('gets at most the cap of sockets, and no more messages stored than the conversation’s budget', async () => {
    const hub = await startHubProcess();
    const socks = await Promise.all(
      Array.from({ length: SOCKETS }, () => rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN)),
    );
    for (const sock of socks)
      sock.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: DEVICE });
    const settled = () => socks.filter((s) => s.closed || s.frames.some((f) => f.type === 'welcome'));
    await until(
      () => settled().length === SOCKETS,
      () => `${settled().length} of ${SOCKETS} welcomed or closed`,
    );
    const admitted = socks.filter((s) => !s.closed);
    const refused = socks.filter((s) => s.closed);

    const started = Date.now();
    for (const [i, sock] of admitted.entries())
      for (let n = 0; n < PER_SOCKET; n++)
        sock.send({ v: 1, type: 'send', clientMsgId: `s${i}-${n}`, content: { kind: 'text', text: TEXT } });
    const answers = () =>
      admitted.flatMap((s) =>
        s.frames.filter((f) => f.type === 'ack' || (f.type === 'error' && f.clientMsgId)),
      );
    const sent = admitted.length * PER_SOCKET;
    await until(
      () => answers().length === sent,
      () => `${answers().length} of ${sent} sends answered`,
      30_000,
    );
    const elapsedS = (Date.now() - started) / 1000;

    const exported = (await hub.admin('exportShopper', {
      siteKey: 'shop',
      shopperId: shopperId('d', DEVICE),
    })) as {
      conversations: Array<{ messages: Array<{ author: { kind: string }; content: { text?: string } }> }>;
    };
    const stored = exported.conversations
      .flatMap((c) => c.messages)
      .filter((m) => m.author.kind === 'shopper');
    const limited = answers().filter((f) => f.type === 'error');
    console.log(
      `one shopper on ${SOCKETS} sockets: ${admitted.length} admitted, ${refused.length} refused; ` +
        `${sent} messages sent, ${stored.length} stored (${((stored.length * TEXT.length) / 1e6).toFixed(2)} MB of text), ` +
        `${limited.length} rate_limited, in ${elapsedS.toFixed(2)} s; ${exported.conversations.length} conversation(s)`,
    );

    expect(admitted).toHaveLength(MAX_CONNECTIONS);
    for (const sock of refused) {
      expect(sock.closed!.code).toBe(4429);
      expect(sock.frames.find((f) => f.type === 'error')).toMatchObject({ code: 'too_many_connections' });
    }
    expect(exported.conversations).toHaveLength(1);
    // The bucket's burst plus what it refilled while the flood lasted (one for rounding).
    expect(stored.length).toBeLessThanOrEqual(BURST + Math.ceil(elapsedS * PER_SECOND) + 1);
    expect(stored.length + limited.length).toBe(sent);
    for (const error of limited) expect(error).toMatchObject({ code: 'rate_limited', retryable: true });
  });
});
