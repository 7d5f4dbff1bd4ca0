import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { settleAll } from '../../packages/sdk/src/testing/until.ts';
import { AGENTS, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Found 2026-12-05: the per-address limits counted IPv6 addresses one by one, but a home line or
// a phone gets a whole /64 from its ISP. One client writing from a new address of its own network
// on each socket had a socket, a new conversation and five free agent-token guesses from each.
// The hub is reached directly, so the proxy is simulated (trustProxy: 1): it wrote the address it
// saw the client at as the only X-Forwarded-For entry.

/** The i-th address of one subscriber's /64, or of `network` when given. */
const inNetwork = (i: number, network = '2001:db8:1:2') => `${network}::${(i + 1).toString(16)}`;

/** A WebSocket hello from `address`; resolves with 'welcome', or the code of the hub's last error. */
function helloFrom(url: string, address: string, hello: Record<string, unknown>): Promise<string> {
  const shopper = hello.role === 'shopper';
  const ws = new WebSocket(shopper ? `${url}/?site=shop` : url, {
    ...(shopper ? { origin: SHOP_ORIGIN } : {}),
    headers: { 'x-forwarded-for': address },
  });
  return new Promise((resolve, reject) => {
    let answer = 'closed without an answer';
    ws.once('open', () => ws.send(JSON.stringify({ v: 1, type: 'hello', ...hello })));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; code?: string };
      answer = frame.type === 'welcome' ? 'welcome' : (frame.code ?? frame.type);
      // Connections are held open (the cap counts open ones) until the test ends.
      if (frame.type === 'welcome') resolve('welcome');
    });
    ws.once('close', () => resolve(answer));
    ws.once('error', reject);
    sockets.push(ws);
  });
}
const sockets: WebSocket[] = [];

const shopperHello = (deviceId: string) => ({ role: 'shopper', siteKey: 'shop', deviceId });

describe('an attacker spreads over the addresses of their IPv6 network', () => {
  it('gets no more connections than the per-address cap from one /64; another network is not affected', async () => {
    const hub = await startHubProcess({ options: { trustProxy: 1, limits: { maxConnectionsPerIp: 2 } } });
    const outcomes = await settleAll(
      Array.from({ length: 6 }, (_, i) => helloFrom(hub.wsUrl, inNetwork(i), shopperHello(`spread-${i}`))),
      'shoppers of one /64 admitted or refused',
      30_000,
    );
    expect(outcomes.filter((o) => o === 'welcome')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'too_many_connections')).toHaveLength(4);
    expect(await helloFrom(hub.wsUrl, inNetwork(0, '2001:db8:1:3'), shopperHello('neighbour'))).toBe(
      'welcome',
    );
    for (const ws of sockets.splice(0)) ws.terminate();
  });

  it('opens no more new conversations than the per-address budget from one /64', async () => {
    const hub = await startHubProcess({
      options: { trustProxy: 1, limits: { newConversationsPerAddressPerMinute: 3 } },
    });
    const outcomes: string[] = [];
    // One after another: each hello opens its conversation before the next asks.
    for (let i = 0; i < 6; i++)
      outcomes.push(await helloFrom(hub.wsUrl, inNetwork(i), shopperHello(`opener-${i}`)));
    expect(outcomes).toEqual([
      'welcome',
      'welcome',
      'welcome',
      'rate_limited',
      'rate_limited',
      'rate_limited',
    ]);
    for (const ws of sockets.splice(0)) ws.terminate();
  });

  it('gets the free agent-token guesses of one address from a whole /64, then waits', async () => {
    const hub = await startHubProcess({ options: { trustProxy: 1 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++)
      outcomes.push(
        await helloFrom(hub.wsUrl, inNetwork(i), { role: 'agent', token: `guess-${i}-0123456789abcdefghij` }),
      );
    // Five free failures by default, then the back-off, whichever address of the network asks.
    expect(outcomes.filter((o) => o === 'unauthorized').length).toBeLessThanOrEqual(6);
    expect(outcomes.at(-1)).toBe('rate_limited');
    expect(await helloFrom(hub.wsUrl, inNetwork(20), { role: 'agent', token: AGENTS.alice.token })).toBe(
      'rate_limited',
    );
    for (const ws of sockets.splice(0)) ws.terminate();
  });
});
