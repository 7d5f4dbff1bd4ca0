import { describe, expect, it } from 'vitest';
import { cuttableProxy } from '../testing/cuttable-proxy.ts';
import { AGENT_TOKEN, startHub, until, wsWithOrigin } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { track, trackHub } from '../testing/started.ts';
import { createAgentClient } from './agent-client.ts';

// The hub, the proxy and the client are closed after each test by test/close-started.ts.

/** An agent client on a fake clock whose hub address answers nothing (the proxy in front of it is cut). */
async function agentWithHubDown() {
  const { url } = await startHub();
  const port = Number(new URL(url).port);
  const proxy = trackHub(await cuttableProxy('127.0.0.1', port));
  await proxy.cut();
  const clock = new ManualClock(Date.now());
  const a = track(
    createAgentClient({
      url: url.replace(`:${port}`, `:${proxy.port}`),
      token: AGENT_TOKEN,
      WebSocket: wsWithOrigin(null),
      clock,
    }),
  );
  const statuses: string[] = [];
  a.on('connection', ({ status }) => statuses.push(status));
  return { a, clock, proxy, statuses };
}

/** How a promise settled, as it settles. */
function watch(promise: Promise<unknown>) {
  const outcome: { settled: boolean; error?: { code?: string; retryable?: boolean; cause?: unknown } } = {
    settled: false,
  };
  promise.then(
    () => Object.assign(outcome, { settled: true }),
    (error: { code?: string }) => Object.assign(outcome, { settled: true, error }),
  );
  return outcome;
}

describe('an agent connect() bounded by the caller', () => {
  it('rejects with connection_lost once timeoutMs passes with no welcome, and stops trying', async () => {
    const { a, clock, statuses } = await agentWithHubDown();
    const outcome = watch(a.connect({ timeoutMs: 5000 }));
    await until(
      () => statuses.includes('reconnecting'),
      () => statuses.join(),
    );
    clock.advance(4999);
    await Promise.resolve();
    expect(outcome.settled).toBe(false);
    clock.advance(1);
    await until(() => outcome.settled, 'connect() settled');
    expect(outcome.error).toMatchObject({ code: 'connection_lost', retryable: true });
    // It says what the last attempt met, for the log that reads it.
    expect(String((outcome.error as Error).message)).toMatch(/within 5000 ms; last close: 1006/);
    // Nothing keeps knocking at the hub behind the caller's back, and no timer is left.
    expect(a.status).toBe('closed');
    expect(clock.pending).toBe(0);
  });

  it('rejects with connection_lost when the signal aborts, carrying its reason', async () => {
    const { a, statuses } = await agentWithHubDown();
    const controller = new AbortController();
    const outcome = watch(a.connect({ signal: controller.signal }));
    await until(
      () => statuses.includes('reconnecting'),
      () => statuses.join(),
    );
    const reason = new Error('the bot is shutting down');
    controller.abort(reason);
    await until(() => outcome.settled, 'connect() settled');
    expect(outcome.error).toMatchObject({ code: 'connection_lost' });
    expect(outcome.error?.cause).toBe(reason);
    expect(a.status).toBe('closed');
  });

  it('rejects at once, opening nothing, with a signal already aborted', async () => {
    const { a, statuses } = await agentWithHubDown();
    const outcome = watch(a.connect({ signal: AbortSignal.abort() }));
    await until(() => outcome.settled, 'connect() settled');
    expect(outcome.error).toMatchObject({ code: 'connection_lost' });
    expect(statuses).not.toContain('connecting');
  });

  it('resolves as before when the hub answers in time, and a later abort touches nothing', async () => {
    const { a, proxy, statuses } = await agentWithHubDown();
    const controller = new AbortController();
    const connecting = a.connect({ timeoutMs: 60_000, signal: controller.signal });
    await until(
      () => statuses.includes('reconnecting'),
      () => statuses.join(),
    );
    await proxy.restore();
    a.checkConnection();
    await connecting;
    controller.abort();
    expect(a.status).toBe('open');
  });
});

describe('an agent calling connect() again', () => {
  it('settles both calls when connect() is called twice while connecting', async () => {
    const { a, proxy, statuses } = await agentWithHubDown();
    const first = watch(a.connect());
    const second = watch(a.connect());
    await until(
      () => statuses.includes('reconnecting'),
      () => statuses.join(),
    );
    await proxy.restore();
    a.checkConnection();
    await until(
      () => first.settled && second.settled,
      () => JSON.stringify({ first, second }),
    );
    expect(first.error).toBeUndefined();
    expect(second.error).toBeUndefined();
  });

  it('resolves at once when already connected', async () => {
    const { a, proxy } = await agentWithHubDown();
    await proxy.restore();
    await a.connect();
    const again = watch(a.connect());
    await until(() => again.settled, 'second connect() settled');
    expect(again.error).toBeUndefined();
  });
});
