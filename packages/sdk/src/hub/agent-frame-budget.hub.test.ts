import { describe, expect, it } from 'vitest';
import { AGENT_TOKEN, rawSocket, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { HubLimits } from './hub-limits.ts';

// The hub and its sockets are closed after each test by test/close-started.ts.

type Raw = Awaited<ReturnType<typeof rawSocket>>;

/**
 * Sends `count` pings at once after the welcome and waits for an answer to each: a pong when the
 * hub admitted the frame, a `rate_limited` error when the connection's frame budget refused it.
 * The hub's clock stands still, so no budget refills while they arrive.
 */
async function burst(sock: Raw, count: number) {
  const from = sock.frames.length;
  for (let i = 1; i <= count; i++) sock.send({ v: 1, type: 'ping', t: i });
  const answers = () => sock.frames.slice(from).filter((f) => f.type === 'pong' || f.type === 'error');
  await until(() => answers().length === count, `${count} answers`);
  return {
    pongs: answers().filter((f) => f.type === 'pong').length,
    refused: answers().filter((f) => f.type === 'error' && f.code === 'rate_limited').length,
  };
}

async function signedIn(limits: Partial<HubLimits> = {}) {
  const { url } = await startHub({ clock: new ManualClock(Date.UTC(2026, 11, 6)), limits });
  const agent = await rawSocket(url, null);
  agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENT_TOKEN });
  await agent.next('welcome');
  const shopper = await rawSocket(`${url}/?site=shop`);
  shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'device-1' });
  await shopper.next('welcome');
  return { agent, shopper };
}

describe("an agent's connection has its own frame budget", () => {
  it('admits an agent sending 60 frames at once, and still refuses a shopper doing the same', async () => {
    const { agent, shopper } = await signedIn();
    expect(await burst(agent, 60)).toEqual({ pongs: 60, refused: 0 });
    const flood = await burst(shopper, 60);
    // The shopper's burst of 30, less the hello it spent.
    expect(flood).toEqual({ pongs: 29, refused: 31 });
    expect(agent.closed).toBeUndefined();
  });

  it('follows limits.agentFrameBurst, and leaves the shoppers their own', async () => {
    const { agent, shopper } = await signedIn({ agentFrameBurst: 10, frameBurst: 40 });
    expect(await burst(agent, 20)).toEqual({ pongs: 10, refused: 10 });
    expect(await burst(shopper, 20)).toEqual({ pongs: 20, refused: 0 });
  });
});
