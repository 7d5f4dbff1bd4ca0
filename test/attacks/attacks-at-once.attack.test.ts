import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// The goals, measured with every unauthenticated attack of this suite running at once
// against one hub: a normal shopper's round trip, the hub's longest event-loop stall and what the
// attacks cost in memory. Figures are printed; the test asserts that the shopper was served.
const MB = 1024 * 1024;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

/** Opens a WebSocket and resolves once it is open or refused (attackers do not care which). */
function attackerSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers });
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws));
    ws.once('close', () => resolve(ws));
    ws.once('unexpected-response', () => resolve(ws));
  });
}

describe('every unauthenticated attack at once', () => {
  it('keeps a normal shopper served while they run, and gives the memory back', async () => {
    // All attackers come from 127.0.0.1 here, as would a botnet's many addresses: the per-address
    // cap is raised so that the attacks reach the code they target.
    const hub = await startHubProcess({ options: { limits: { maxConnectionsPerIp: 2000 } } });
    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'bystander-device' });
    await shopper.next('welcome');

    const before = await hub.stats({ gc: true, resetLoop: true });
    const sockets: WebSocket[] = [];
    const tcp: Socket[] = [];
    const longOrigin = `http://${'a.'.repeat(7500)}`;
    const bigFrame = 'x'.repeat(250 * 1024);
    const attacks = [
      // Long Origin headers: refused, and logged.
      ...Array.from({ length: 20 }, () =>
        attackerSocket(`${hub.wsUrl}/?site=shop`, { origin: longOrigin }).then((ws) => sockets.push(ws)),
      ),
      // Big frames before any hello, and frames piling up behind a slow sign-in.
      ...Array.from({ length: 10 }, () =>
        attackerSocket(hub.wsUrl, {}).then((ws) => {
          sockets.push(ws);
          for (let i = 0; i < 20 && ws.readyState === ws.OPEN; i++) ws.send(bigFrame);
        }),
      ),
      // Guessing agent tokens.
      ...Array.from({ length: 100 }, (_, i) =>
        attackerSocket(hub.wsUrl, {}).then((ws) => {
          sockets.push(ws);
          if (ws.readyState === ws.OPEN)
            ws.send(
              JSON.stringify({ v: 1, type: 'hello', role: 'agent', token: `guess-${i}-0123456789abcdef` }),
            );
        }),
      ),
      // Half-sent upgrade requests.
      ...Array.from(
        { length: 100 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect(hub.port, '127.0.0.1', () => {
              socket.write(`GET /?site=shop HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`);
              resolve();
            });
            socket.on('error', () => resolve());
            tcp.push(socket);
          }),
      ),
    ];
    // The shopper pings while the attacks start and the hub works through what they sent.
    const rounds: number[] = [];
    for (let i = 0; i < 50; i++) {
      const from = shopper.frames.length;
      const t0 = performance.now();
      shopper.send({ v: 1, type: 'ping', id: `p${i}` });
      await until(() => shopper.frames.slice(from).some((f) => f.re === `p${i}`), `pong p${i}`);
      rounds.push(performance.now() - t0);
      // Within the shopper's own frame budget (10 a second).
      await new Promise((r) => setTimeout(r, 110));
    }
    await Promise.all(attacks);
    const during = await hub.stats({ resetLoop: true });

    for (const ws of sockets) ws.terminate();
    for (const socket of tcp) socket.destroy();
    // Closed sockets are released over the next turns of the hub's loop: sample a few times.
    let after = await hub.stats({ gc: true });
    for (let i = 0; i < 10 && after.heapUsed - before.heapUsed > 2 * MB; i++) {
      await new Promise((r) => setTimeout(r, 300));
      after = await hub.stats({ gc: true });
    }

    const sorted = [...rounds].sort((a, b) => a - b);
    console.log(
      [
        'attacks at once (20 long origins, 10 × 20 frames of 250 KB before hello, 100 token guesses, 100 half-sent upgrades):',
        `  shopper round trip: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms over ${sorted.length} pings (goal: under 50 ms)`,
        `  hub event loop: longest stall ${during.maxLoopDelayMs.toFixed(1)} ms, p99 ${during.p99LoopDelayMs.toFixed(1)} ms (goal: 10 ms per client)`,
        `  hub memory after the attackers left: heap ${((after.heapUsed - before.heapUsed) / MB).toFixed(2)} MB, rss ${((after.rss - before.rss) / MB).toFixed(2)} MB over before (goal: under 2 MB)`,
      ].join('\n'),
    );
    expect(rounds.length).toBeGreaterThanOrEqual(50);
    expect(shopper.closed).toBeUndefined();
    // Loose on purpose (a collector's timing is not ours): before the fixes, one such attacker held 285 MB.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(16 * MB);
  });
});
