import { afterEach, describe, expect, it } from 'vitest';
import { rawSocket, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

const hello = (deviceId: string, extra: object = {}) => ({
  v: 1,
  type: 'hello',
  role: 'shopper',
  siteKey: 'shop',
  deviceId,
  ...extra,
});

describe('a shopper sees only their own conversation', () => {
  it("cannot resume, read or write another shopper's conversation", async () => {
    const started = await startHub();
    hub = started.hub;
    const b = shopper(started.url);
    b.connect();
    await until(() => b.status === 'open', 'B welcome');
    b.send('my address is 42 Secret Road, phone 13800138000');
    await until(() => b.outbox.length === 0, 'B message stored');
    const bConversation = b.conversationId!;

    // A knows B's conversation id (leaked URL, guess) and tries to resume it.
    const a = await rawSocket(`${started.url}/?site=shop`);
    a.send(hello('device-a', { id: 'h1', resume: { conversationId: bConversation, lastSeq: 0 } }));
    const error = await a.next('error');
    expect(error).toMatchObject({ code: 'forbidden', re: 'h1' });
    const welcome = (await a.next('welcome')) as { conversation: { id: string } };
    expect(welcome.conversation.id).not.toBe(bConversation);

    // Whatever A sends or asks for lands in A's own conversation only.
    a.send({ v: 1, type: 'send', clientMsgId: 'a1', content: { kind: 'text', text: 'hello from A' } });
    await a.next('ack');
    a.send({ v: 1, type: 'history', id: 'hist', before: 1000, limit: 100 });
    const page = (await a.next('history.page')) as {
      conversationId: string;
      messages: Array<{ conversationId: string }>;
    };
    expect(page.conversationId).toBe(welcome.conversation.id);
    expect(page.messages.every((m) => m.conversationId === welcome.conversation.id)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    const leaked = JSON.stringify(a.frames);
    expect(leaked).not.toContain('Secret Road');
    expect(leaked).not.toContain(bConversation);
    expect(b.messages.some((m) => m.content.kind === 'text' && m.content.text === 'hello from A')).toBe(
      false,
    );
    b.close();
  });

  it('keeps shoppers of different sites apart even with the same device id', async () => {
    const started = await startHub({
      sites: [
        { key: 'shop', origins: ['https://shop.test'] },
        { key: 'other', origins: ['https://shop.test'] },
      ],
    });
    hub = started.hub;
    const one = await rawSocket(`${started.url}/?site=shop`);
    one.send(hello('same-device'));
    const w1 = (await one.next('welcome')) as { conversation: { id: string } };
    const two = await rawSocket(`${started.url}/?site=other`);
    two.send({ ...hello('same-device'), siteKey: 'other' });
    const w2 = (await two.next('welcome')) as { conversation: { id: string } };
    expect(w1.conversation.id).not.toBe(w2.conversation.id);
    // A hello whose site key differs from the one in the URL is refused.
    const mixed = await rawSocket(`${started.url}/?site=shop`);
    mixed.send({ ...hello('x'), siteKey: 'other' });
    expect((await mixed.waitClosed()).code).toBe(4401);
  });

  it('never sends internal notes to the shopper', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = shopper(started.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    const frames: string[] = [];
    s.on('message', (m) => frames.push(JSON.stringify(m)));
    s.send('转人工');
    const { agent } = await import('../testing/hub-fixture.ts');
    const a = agent(started.url);
    await a.connect();
    await until(() => s.state?.status === 'queued', 'queued');
    const c = await a.accept(s.conversationId!);
    await a.note(c.id, 'VIP, refund approved by manager — do not mention the coupon');
    await a.send(c.id, 'Hello!');
    await until(() => frames.some((f) => f.includes('Hello!')), 'agent message');
    expect(frames.join()).not.toContain('coupon');
    expect(a.conversation(c.id)!.notes.map((n) => n.text)).toEqual([
      'VIP, refund approved by manager — do not mention the coupon',
    ]);
    s.close();
    a.disconnect();
  });
});
