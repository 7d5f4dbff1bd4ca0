import { describe, expect, it } from 'vitest';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { agent, startHub, until } from '../testing/hub-fixture.ts';
import { trackHub } from '../testing/started.ts';

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
});
