import { describe, expect, it } from 'vitest';
import type { HubEvents } from '../conversation/hub-events.ts';
import { createJsonLogger } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { flakyStore } from '../testing/flaky-store.ts';
import { rawSocket, startHub } from '../testing/hub-fixture.ts';

// The hub and its sockets are closed after each test by test/close-started.ts.

const AWAY = 'the hub cannot reach its store now; retry shortly';
const hello = { v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'device-away' };
const send = (clientMsgId: string) => ({
  v: 1,
  type: 'send',
  clientMsgId,
  content: { kind: 'text', text: 'is anyone there?' },
});

async function hubOnFlakyStore() {
  const flaky = flakyStore(createMemoryStore());
  const lines: string[] = [];
  const errors: HubEvents['error'][] = [];
  const { hub, url } = await startHub({
    store: flaky.store,
    logger: createJsonLogger({ write: (line) => lines.push(line) }),
  });
  hub.on('error', (e) => errors.push(e));
  const faults = () =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'hub.fault');
  return { flaky, url, errors, faults };
}

describe('a store that is away, told apart from a fault of the hub', () => {
  it('still answers internal (retryable) on the socket, saying the store is away, and logs unavailable', async () => {
    const { flaky, url, errors, faults } = await hubOnFlakyStore();
    const s = await rawSocket(`${url}/?site=shop`);
    s.send(hello);
    await s.next('welcome');

    flaky.fail('appendMessage', 1);
    s.send(send('m1'));
    const error = await s.next('error');
    // `internal` on the wire: clients older than a new code refuse a whole error frame with one.
    expect(error).toEqual({
      v: 1,
      type: 'error',
      code: 'internal',
      message: AWAY,
      retryable: true,
      clientMsgId: 'm1',
    });
    expect(faults()).toEqual([expect.objectContaining({ error: 'read ECONNRESET', unavailable: true })]);
    expect(errors).toEqual([expect.objectContaining({ code: 'internal', unavailable: true })]);

    s.send(send('m1'));
    await s.next('ack');
  });

  it('keeps the plain message, and no unavailable, for a bug', async () => {
    const { flaky, url, errors, faults } = await hubOnFlakyStore();
    const s = await rawSocket(`${url}/?site=shop`);
    s.send(hello);
    await s.next('welcome');

    flaky.fail(
      'appendMessage',
      1,
      undefined,
      () => new TypeError("Cannot read properties of undefined (reading 'id')"),
    );
    s.send(send('m1'));
    const error = await s.next('error');
    expect(error).toMatchObject({
      code: 'internal',
      message: 'the hub could not handle this frame; retry it',
    });
    expect(faults()).toHaveLength(1);
    expect(faults()[0]).not.toHaveProperty('unavailable');
    expect(errors[0]).not.toHaveProperty('unavailable');
  });

  it('names the store in the close of a hello it could not start', async () => {
    const { flaky, url } = await hubOnFlakyStore();
    flaky.fail('openConversation', 1);
    const s = await rawSocket(`${url}/?site=shop`);
    s.send(hello);
    expect(await s.waitClosed()).toEqual({ code: 1011, reason: `internal: ${AWAY}` });
  });
});
