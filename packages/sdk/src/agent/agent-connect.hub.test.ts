import { describe, expect, it } from 'vitest';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { AGENT_TOKEN, agent, startHub, until, wsWithOrigin } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { track, trackHub } from '../testing/started.ts';
import { createAgentClient } from './agent-client.ts';

// The hub, the proxy and the client are closed after each test by test/close-started.ts.

describe('an agent signing in while the hub cannot be reached', () => {
  it('is told the client is reconnecting, and connect() resolves once the hub answers', async () => {
    const { url } = await startHub();
    const port = Number(new URL(url).port);
    const proxy = trackHub(await cuttableProxy('127.0.0.1', port));
    await proxy.cut(); // nothing listens at the hub's address
    const a = agent(url.replace(`:${port}`, `:${proxy.port}`));
    const statuses: string[] = [];
    a.on('connection', ({ status }) => statuses.push(status));
    let signedIn = false;
    const connecting = a.connect().then(() => {
      signedIn = true;
    });
    await until(
      () => statuses.filter((s) => s === 'reconnecting').length >= 2,
      () => statuses.join(),
    );
    expect(signedIn).toBe(false);
    await proxy.restore();
    await connecting;
    expect(a.status).toBe('open');
    expect(a.profile?.id).toBe('mei');
  });

  it('tries again at once on checkConnection() (the network is back), not when the backoff says', async () => {
    const { url } = await startHub();
    const port = Number(new URL(url).port);
    const proxy = trackHub(await cuttableProxy('127.0.0.1', port));
    await proxy.cut();
    const clock = new ManualClock(Date.now()); // never moved: the backoff's retry never comes due
    const a = track(
      createAgentClient({
        url: url.replace(`:${port}`, `:${proxy.port}`),
        token: AGENT_TOKEN,
        WebSocket: wsWithOrigin(null),
        clock,
      }),
    );
    const connecting = a.connect();
    await until(
      () => a.status === 'reconnecting',
      () => `status ${a.status}`,
    );
    await proxy.restore();
    a.checkConnection();
    await connecting;
    expect(a.status).toBe('open');
  });
});
