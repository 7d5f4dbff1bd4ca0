import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createJsonLogger, MAX_LOG_VALUE_LENGTH } from '../../packages/sdk/src/logger.ts';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 1: the logger's e-mail and phone patterns backtracked on long runs of word and dot
// characters, so a refused connection with such an Origin held the hub's only thread.
const ATTACKERS = 20;
const longOrigin = (i: number) => `http://${'a.'.repeat(7_495)}c${String(i).padStart(2, '0')}`;

/** Opens a socket with `origin` and resolves once the hub has closed it. */
function refusedConnection(url: string, origin: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('close', () => resolve());
    ws.once('error', reject);
  });
}

describe('an attacker floods the logs with long values', () => {
  it('has 20 refused 15,000-character Origins logged cut to the cap while a shopper’s pings are all answered', async () => {
    const hub = await startHubProcess();
    const bystander = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    bystander.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'bystander-device-1' });
    await bystander.next('welcome');
    // Pings one after another until `done` says stop (and at least ten), each answered in turn.
    const pingUntil = async (done: () => boolean) => {
      const roundTrips: number[] = [];
      while (!done() || roundTrips.length < 10) {
        const from = bystander.frames.length;
        const id = `p${bystander.frames.length}`;
        const sent = performance.now();
        bystander.send({ v: 1, type: 'ping', id });
        const pong = await bystander.next('pong', from);
        roundTrips.push(performance.now() - sent);
        expect(pong.re).toBe(id);
      }
      return roundTrips;
    };
    // The same pings on a quiet hub, so the figures under attack have something to compare with.
    await hub.stats({ resetLoop: true });
    const quiet = await pingUntil(() => true);
    const quietLoop = await hub.stats({ resetLoop: true });

    const origins = Array.from({ length: ATTACKERS }, (_, i) => longOrigin(i));
    expect(origins.every((o) => o.length === 15_000)).toBe(true);
    let attackDone = false;
    const attack = Promise.all(origins.map((o) => refusedConnection(`${hub.wsUrl}/?site=shop`, o))).finally(
      () => {
        attackDone = true;
      },
    );
    const roundTrips = await pingUntil(() => attackDone);
    await attack;
    const { maxLoopDelayMs } = await hub.stats();

    const refusedLines = () =>
      hub.logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.event === 'connection.origin_refused');
    await until(
      () => refusedLines().length === ATTACKERS,
      () => `${refusedLines().length} refusals logged`,
    );
    const cut = (o: string) => `${o.slice(0, MAX_LOG_VALUE_LENGTH)}…[+${o.length - MAX_LOG_VALUE_LENGTH}]`;
    expect(refusedLines().map((l) => l.origin)).toEqual(expect.arrayContaining(origins.map(cut)));

    console.log(
      `floods-logs-with-long-values: ${ATTACKERS} refused 15,000-character origins; bystander ` +
        `${roundTrips.length} pings, max round trip ${Math.max(...roundTrips).toFixed(1)} ms ` +
        `(quiet: ${Math.max(...quiet).toFixed(1)} ms); hub max event-loop delay ${maxLoopDelayMs.toFixed(1)} ms ` +
        `(quiet: ${quietLoop.maxLoopDelayMs.toFixed(1)} ms)`,
    );
    bystander.ws.close();
  });

  // The same finding without a clock: what the old patterns did to a value is visible in the line.
  it('gets a bounded line for a long value, and IP addresses, dates and order numbers stay as they were', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line) });
    const fields = {
      origin: longOrigin(0),
      ip: '203.0.113.9',
      at: '2026-12-02 10:11:12',
      order: 'SO-20261202-000123',
    };
    logger.log('warn', 'connection.origin_refused', fields);
    const logged = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect((logged.origin as string).length).toBeLessThan(MAX_LOG_VALUE_LENGTH + 20);
    expect(logged).toMatchObject({ ip: fields.ip, at: fields.at, order: fields.order });
  });
});
