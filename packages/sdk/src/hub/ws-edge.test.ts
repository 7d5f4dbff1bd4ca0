import { describe, expect, it } from 'vitest';
import { AGENT_TOKEN, rawSocket, startHub } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { until } from '../testing/until.ts';

const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the WebSocket edge on the injected clock', () => {
  it('closes a connection that sends no hello once the clock passes the hello timeout', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const { url } = await startHub({ clock, limits: { helloTimeoutMs: 5_000, heartbeatMs: 5_000 } });
    const silent = await rawSocket(url);
    clock.advance(5_000);
    expect(silent.closed).toBeUndefined();
    // The next sweep is armed once the event loop has turned (see the next test).
    await realPause(0);
    clock.advance(5_000);
    expect(await silent.waitClosed()).toMatchObject({ code: 4408 });
    expect(silent.frames.at(-1)).toMatchObject({ type: 'error', code: 'idle_timeout' });
  });

  it('sweeps once per turn of the event loop, so a clock moved by days neither floods nor drops a live socket', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const { url } = await startHub({ clock });
    const agent = await rawSocket(url, null);
    let pings = 0;
    agent.ws.on('ping', () => pings++);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENT_TOKEN, id: 'h1' });
    await agent.next('welcome');
    clock.advance(3 * 86_400_000);
    await until(() => pings > 0, 'the ping after the jump');
    // A flood would be thousands of pings within a few turns of the event loop.
    await realPause(100);
    expect(pings).toBe(1);
    // Its pong came back after the jump, so it is alive by the hub's clock too. The socket answered
    // the ping before this request, so once the request is answered the hub has read the pong.
    agent.send({ v: 1, type: 'agents.online', id: 'r1' });
    await agent.next('agents.online');
    clock.advance(30_000);
    await until(() => pings === 2 || agent.closed !== undefined, 'the next heartbeat');
    expect(agent.closed).toBeUndefined();
    expect(pings).toBe(2);
  });
});
