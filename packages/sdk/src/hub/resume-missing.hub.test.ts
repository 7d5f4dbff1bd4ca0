import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { eventually } from '../testing/eventually.ts';
import { closedOnceIdle, killableWs, rawSocket, shopper, startHub, until } from '../testing/hub-fixture.ts';

// The hub and its sockets are closed after each test by test/close-started.ts.

const hello = (extra: object = {}) => ({
  v: 1,
  type: 'hello',
  role: 'shopper',
  siteKey: 'shop',
  deviceId: 'device-gone',
  ...extra,
});

describe('a shopper resuming a conversation that does not exist', () => {
  it('is told not_found before the welcome, and lands in a new conversation', async () => {
    const { url } = await startHub();
    const s = await rawSocket(`${url}/?site=shop`);
    s.send(hello({ id: 'h1', resume: { conversationId: 'c_made_up', lastSeq: 3 } }));
    const error = await s.next('error');
    expect(error).toMatchObject({ code: 'not_found', retryable: false, re: 'h1' });
    expect(error.message).toMatch(/no longer available/);
    const welcome = (await s.next('welcome')) as { conversation: { id: string } };
    expect(welcome.conversation.id).not.toBe('c_made_up');
    // Told before the welcome, so a client knows it answers the hello.
    expect(s.frames.findIndex((f) => f.type === 'error')).toBeLessThan(
      s.frames.findIndex((f) => f.type === 'welcome'),
    );
    // Not stuck: the new conversation takes messages.
    s.send({ v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: 'hello again' } });
    await s.next('ack');
  });

  it("tells the headless client, whose conversation retention erased, that it is gone (not that it is someone else's)", async () => {
    const store = createMemoryStore();
    const { hub, url } = await startHub({ store });
    const net = killableWs();
    const s = shopper(url, { WebSocket: net.WebSocket });
    // An error before the welcome answers the hello: status is not 'open' until the welcome.
    const gone: string[] = [];
    const otherErrors: string[] = [];
    s.on('error', ({ code }) => {
      if (code === 'not_found' && s.status !== 'open') gone.push(s.conversationId!);
      else otherErrors.push(code);
    });
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('where is my parcel?');
    await until(() => s.outbox.length === 0, 'message stored');
    const first = s.conversationId!;
    await closedOnceIdle(hub, 0);
    // Retention erases what closed before its now: in the millisecond it closed, nothing yet (a CI run).
    await eventually(async () => (await hub.admin.applyRetention(0)).erased === 1, 'erased by retention');

    // The tab reconnects (a network blip) and resumes the conversation retention erased.
    net.kill();
    await until(() => gone.length === 1 && s.status === 'open', 'the notice, then the welcome');
    expect(gone).toEqual([first]);
    expect(otherErrors).toEqual([]);
    expect(s.conversationId).not.toBe(first);
  });
});
