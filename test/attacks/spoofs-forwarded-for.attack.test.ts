import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { settleAll } from '../../packages/sdk/src/testing/until.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 9: with trustProxy the hub took the leftmost X-Forwarded-For entry, which the client
// writes, so every socket could claim a new address and the per-address cap counted nothing.

/**
 * A shopper who writes `forged` as the first X-Forwarded-For entry. The hub is reached directly,
 * so the "proxy" is simulated: it appended what it saw, 127.0.0.1, on the right. Resolves with
 * 'welcome' once the hub admitted and greeted it, or the close code it was refused with.
 */
function forgingShopper(url: string, forged: string, i: number) {
  const ws = new WebSocket(`${url}/?site=shop`, {
    origin: SHOP_ORIGIN,
    headers: { 'x-forwarded-for': `${forged}, 127.0.0.1` },
  });
  const outcome = new Promise<'welcome' | number>((resolve, reject) => {
    ws.once('open', () =>
      ws.send(
        JSON.stringify({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: `forger-${i}` }),
      ),
    );
    ws.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'welcome') resolve('welcome');
    });
    ws.once('close', (code) => resolve(code));
    ws.once('error', reject);
  });
  return { ws, outcome };
}

describe('an attacker spoofs X-Forwarded-For', () => {
  it('gets no more than the per-address cap by writing a different leftmost entry on each socket', async () => {
    const hub = await startHubProcess({ options: { trustProxy: 1, limits: { maxConnectionsPerIp: 2 } } });
    const forged = [
      '198.51.100.1',
      '198.51.100.2',
      '198.51.100.3',
      '198.51.100.4',
      '198.51.100.5',
      '198.51.100.6',
    ];
    const shoppers = forged.map((address, i) => forgingShopper(hub.wsUrl, address, i));
    const outcomes = await settleAll(
      shoppers.map((s) => s.outcome),
      'forging shoppers admitted or refused',
      30_000,
    );
    const admitted = outcomes.filter((o) => o === 'welcome').length;
    console.log(`forged X-Forwarded-For: ${admitted} of ${forged.length} admitted with a cap of 2`, outcomes);
    expect(admitted).toBe(2);
    expect(outcomes.filter((o) => o === 4429)).toHaveLength(forged.length - 2);
    for (const s of shoppers) s.ws.close();
  });
});
