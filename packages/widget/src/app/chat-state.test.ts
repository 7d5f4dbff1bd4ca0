import { afterEach, describe, expect, it } from 'vitest';
import { createChatState, type SeenStore } from './chat-state.ts';
import { localSeenStore } from './seen-store.ts';
import { createFakeClient, message } from './testing/fake-client.ts';

const memorySeen = (): SeenStore & { value: number } => ({
  value: 0,
  get() {
    return this.value;
  },
  set(seq) {
    this.value = seq;
  },
});

afterEach(() => localStorage.clear());

describe('chat state when the shopper is forgotten (logout, another person signs in)', () => {
  it('clears the transcript, unsent messages, unread count, order and seen mark, and reconnects on the next open', () => {
    const fake = createFakeClient();
    const seen = memorySeen();
    const chat = createChatState(fake.client, { seen, connectNow: true });
    chat.setOpen(true);
    fake.emit('message', message({ content: { kind: 'text', text: 'your order ships today' } }));
    chat.setOpen(false);
    fake.emit('message', message({ content: { kind: 'text', text: 'and here is the tracking number' } }));
    chat.send('my address is 1 Main St');
    chat.order.value = { id: 'o-1', status: 'shipped', events: [] };
    expect([chat.messages.value.length, chat.outbox.value.length, chat.unread.value]).toEqual([2, 1, 1]);
    expect(seen.value).toBeGreaterThan(0);
    const connectsBefore = fake.connects;

    fake.emit('reset', undefined);

    expect(chat.messages.value).toEqual([]);
    expect(chat.outbox.value).toEqual([]);
    expect(chat.unread.value).toBe(0);
    expect(chat.order.value).toBeUndefined();
    expect(chat.conversation.value).toBeUndefined();
    expect(seen.value).toBe(0);
    expect(fake.connects).toBe(connectsBefore);
    chat.setOpen(true);
    expect(fake.connects).toBe(connectsBefore + 1);
  });

  it('counts what the conversation a sign-in resumes brings as unread, whatever was seen in the anonymous one', () => {
    const fake = createFakeClient();
    const seen = memorySeen();
    const chat = createChatState(fake.client, { seen, connectNow: true });
    fake.emit('welcome', { conversationId: 'c1', shopperId: 's-anon', identified: false });
    chat.setOpen(true);
    for (const text of ['hello', 'a question', 'an answer', 'a person will reply'])
      fake.emit('message', message({ content: { kind: 'text', text } }));
    chat.setOpen(false);
    expect(seen.value).toBeGreaterThan(1);

    // My orders identifies the shopper: the hub welcomes them into their own conversation, whose
    // messages are numbered from 1, and an order notice arrives while the panel is closed.
    fake.emit('welcome', { conversationId: 'c2', shopperId: 'customer-1', identified: true });
    fake.emit(
      'message',
      message({ seq: 1, conversationId: 'c2', content: { kind: 'text', text: 'Your order shipped' } }),
    );

    expect(chat.unread.value).toBe(1);
    chat.setOpen(true);
    expect([chat.unread.value, seen.value]).toEqual([0, 1]);
  });

  it('reconnects at once when the panel is open (the reset came from another tab)', () => {
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: memorySeen() });
    chat.setOpen(true);
    expect(fake.connects).toBe(1);
    fake.emit('reset', undefined);
    expect(fake.connects).toBe(2);
  });

  it('a seen mark of 0 leaves no key behind, so the loader no longer takes the browser for a returning shopper', () => {
    const seen = localSeenStore('shop');
    seen.set(12);
    expect(localStorage.getItem('kefu:shop:seen')).toBe('12');
    seen.set(0);
    expect(localStorage.getItem('kefu:shop:seen')).toBeNull();
    expect(seen.get()).toBe(0);
  });
});
