import type { Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { signIdentity } from '../hub/identity.ts';
import { shopperId } from '../shopper-id.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { handedToAgent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { memoryStorage } from '../transport/storage.ts';
import { CARRY_WINDOW_MS } from './carry-on-sign-in.ts';

// A shopper who chats anonymously and then signs in (the shop's login, `Kefu('identify')`): the
// conversation goes on as theirs. It was left behind on the device id, which the widget no longer
// shows: a queued question, or a ticket's "we will reply here", was never seen again.

const SECRET = 'identity-secret-for-tests';
const token = (user: string) => signIdentity({ id: user }, SECRET, { audience: 'shop' });

/** A shopper client on its own browser storage, with what it is shown. */
function browser(url: string, deviceId: string) {
  const storage = memoryStorage();
  storage.setItem('kefu:shop:state', JSON.stringify({ deviceId }));
  return watched(shopper(url, { storage }));
}

/** A browser on `deviceId` that asked the bot `text` anonymously and got its answer. */
async function askedAnonymously(url: string, deviceId: string, text: string) {
  const b = browser(url, deviceId);
  b.s.connect();
  await until(() => b.s.status === 'open', 'welcome');
  b.s.send(text);
  await until(() => b.texts.length >= 2, 'the bot answered');
  return b;
}

/** A browser on `deviceId` whose page signs `user` in before it connects, once welcomed as them. */
async function signedIn(url: string, deviceId: string, user: string) {
  const b = browser(url, deviceId);
  b.s.identify(token(user));
  b.s.connect();
  await until(() => b.who === `u:${user}` && b.s.status === 'open', `signed in as ${user}`);
  return b;
}

/** What a shopper client is shown: the texts, and whom its last welcome said it is. */
function watched<S extends ReturnType<typeof shopper>>(s: S) {
  const seen = { s, texts: [] as string[], who: '' };
  s.on('message', (m: Message) => {
    if (m.content.kind === 'text') seen.texts.push(m.content.text);
  });
  s.on('welcome', (w) => {
    seen.who = w.shopperId;
  });
  return seen;
}

describe('a shopper who signs in mid-conversation', () => {
  it('keeps the conversation, queued for a person, and the agent who takes it answers them signed in', async () => {
    const store = createMemoryStore();
    const { url } = await startHub({ store });
    const { s: client, a, conversation } = await handedToAgent(url);
    const shown = watched(client);
    const s = client;
    const before = s.conversationId!;
    expect(conversation.id).toBe(before);
    s.identify(signIdentity({ id: '42', name: 'Li Lei' }, SECRET, { audience: 'shop' }));
    await until(() => s.status === 'open' && shown.who === 'u:42', 'signed in');
    await until(
      () => a.inbox.find((i) => i.conversationId === before)?.shopper.name === 'Li Lei',
      'the agent’s inbox names the signed-in shopper',
    );
    expect(s.conversationId).toBe(before);
    const stored = await store.getConversation(before);
    expect(stored).toMatchObject({ shopperId: 'u:42', state: { status: 'assigned', agent: { id: 'mei' } } });
    await a.send(before, '您好，我来帮您查');
    await until(
      () => shown.texts.includes('您好，我来帮您查'),
      'the agent’s answer reached the signed-in shopper',
    );
    // The transcript the welcome gave back is the conversation's, the question asked before signing in too.
    expect(s.messages.map((m) => m.content.kind === 'text' && m.content.text)).toContain('转人工');
  });

  it('is found on the shopper’s other devices once signed in there, and no longer on the anonymous device id', async () => {
    const store = createMemoryStore();
    const { url } = await startHub({ store });
    const phone = await askedAnonymously(url, 'device-phone-0001', '你们发什么快递');
    const first = phone.s.conversationId!;
    phone.s.identify(token('42'));
    await until(() => phone.who === 'u:42', 'signed in');
    expect(await store.findLatestConversation('shop', shopperId('d', 'device-phone-0001'))).toBeNull();
    const laptop = await signedIn(url, 'device-laptop-0002', '42');
    expect(laptop.s.conversationId).toBe(first);
  });

  it.each([
    ['an hour idle', { updatedAt: Date.now() - CARRY_WINDOW_MS - 60_000 }],
    ['closed', { state: { status: 'closed' as const } }],
  ])(
    'leaves behind a conversation %s on this device (a shared computer’s earlier visitor)',
    async (_, patch) => {
      const store = createMemoryStore();
      const { url } = await startHub({ store });
      const pc = await askedAnonymously(url, 'device-shared-pc-01', '我的地址是北京市海淀区');
      const theirs = pc.s.conversationId!;
      pc.s.close();
      await store.updateConversation(theirs, patch);
      const next = await signedIn(url, 'device-shared-pc-01', '77');
      expect(next.s.conversationId).not.toBe(theirs);
      expect(next.texts.join(' ')).not.toContain('北京市海淀区');
      expect((await store.getConversation(theirs))?.shopperId).toBe(shopperId('d', 'device-shared-pc-01'));
    },
  );

  it('keeps the signed-in shopper’s own open conversation, and leaves the device’s where it was', async () => {
    const store = createMemoryStore();
    const { url } = await startHub({ store });
    const laptop = await signedIn(url, 'device-laptop-0003', '42');
    const own = laptop.s.conversationId!;
    const phone = await askedAnonymously(url, 'device-phone-0004', '有优惠券吗');
    const anonymous = phone.s.conversationId!;
    phone.s.identify(token('42'));
    await until(() => phone.who === 'u:42' && phone.s.status === 'open', 'signed in on the phone');
    expect(phone.s.conversationId).toBe(own);
    expect((await store.getConversation(anonymous))?.shopperId).toBe(shopperId('d', 'device-phone-0004'));
  });
});
