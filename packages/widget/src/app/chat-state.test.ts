import { afterEach, describe, expect, it, vi } from 'vitest';
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
    fake.emit('welcome', {
      conversationId: 'c1',
      shopperId: 's-anon',
      identified: false,
      shopperReadSeq: 0,
      photos: true,
    });
    chat.setOpen(true);
    for (const text of ['hello', 'a question', 'an answer', 'a person will reply'])
      fake.emit('message', message({ content: { kind: 'text', text } }));
    chat.setOpen(false);
    expect(seen.value).toBeGreaterThan(1);

    // My orders identifies the shopper: the hub welcomes them into their own conversation, whose
    // messages are numbered from 1, and an order notice arrives while the panel is closed.
    fake.emit('welcome', {
      conversationId: 'c2',
      shopperId: 'customer-1',
      identified: true,
      shopperReadSeq: 0,
      photos: true,
    });
    fake.emit(
      'message',
      message({ seq: 1, conversationId: 'c2', content: { kind: 'text', text: 'Your order shipped' } }),
    );

    expect(chat.unread.value).toBe(1);
    chat.setOpen(true);
    expect([chat.unread.value, seen.value]).toEqual([0, 1]);
  });

  it('forgets what the last shopper typed and did not send (a shared computer)', () => {
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: memorySeen() });
    chat.draft.text = 'my address is';
    fake.emit('reset', undefined);
    expect(chat.draft.text).toBe('');
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

describe('chat state: what counts as unread', () => {
  const bot = { kind: 'bot' as const, name: 'Kefu' };

  it('counts as unread only what is newer than what the shopper read on another device', () => {
    const fake = createFakeClient();
    // A new phone: nothing seen on this browser yet.
    const seen = memorySeen();
    const chat = createChatState(fake.client, { seen, connectNow: true });
    fake.emit('welcome', {
      conversationId: 'c1',
      shopperId: 'customer-1',
      identified: true,
      shopperReadSeq: 3,
      photos: true,
    });
    for (const seq of [1, 2, 3, 4])
      fake.emit('message', message({ seq, content: { kind: 'text', text: `line ${seq}` } }));

    expect(chat.unread.value).toBe(1);
    expect(seen.value).toBe(3);
    // What this browser saw itself is kept when the hub's mark is behind it.
    fake.emit('welcome', {
      conversationId: 'c1',
      shopperId: 'customer-1',
      identified: true,
      shopperReadSeq: 2,
      photos: true,
    });
    expect([chat.unread.value, seen.value]).toEqual([1, 3]);
  });

  it('leaves out the greeting that opens a conversation, and counts a notice, the bot’s later words and an agent’s', () => {
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: memorySeen(), connectNow: true });
    fake.emit('welcome', {
      conversationId: 'c1',
      shopperId: 's1',
      identified: true,
      shopperReadSeq: 0,
      photos: true,
    });
    fake.emit(
      'message',
      message({ seq: 1, author: bot, content: { kind: 'text', text: 'Hi! How can we help?' } }),
    );
    expect(chat.unread.value).toBe(0);
    // An order notice: the hub sends it with a "stop these updates" button.
    fake.emit(
      'message',
      message({
        seq: 2,
        author: bot,
        content: {
          kind: 'quick_replies',
          text: 'Your order has shipped',
          replies: [{ label: 'Stop', payload: 'p' }],
        },
      }),
    );
    fake.emit(
      'message',
      message({ seq: 3, author: bot, content: { kind: 'text', text: 'It arrives Friday' } }),
    );
    fake.emit('message', message({ seq: 4, content: { kind: 'text', text: 'Mei here' } }));
    expect(chat.unread.value).toBe(3);
  });

  it('counts a notice that opens a conversation (no greeting before it)', () => {
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: memorySeen(), connectNow: true });
    fake.emit(
      'message',
      message({
        seq: 1,
        author: bot,
        content: {
          kind: 'quick_replies',
          text: 'Your order has shipped',
          replies: [{ label: 'Stop', payload: 'p' }],
        },
      }),
    );
    expect(chat.unread.value).toBe(1);
  });
});

describe('chat state: the order on the page', () => {
  it('moves on with an order line about it, keeping the items and total the page gave; another order leaves it', () => {
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: memorySeen(), connectNow: true });
    const paid = {
      id: 'o-1',
      status: 'paid' as const,
      total: 99,
      items: [{ title: 'Scarf', quantity: 1 }],
      events: [{ status: 'paid' as const, at: 1 }],
    };
    chat.order.value = paid;
    fake.emit(
      'message',
      message({ content: { kind: 'order', order: { id: 'o-2', status: 'delivered', events: [] } } }),
    );
    expect(chat.order.value).toBe(paid);
    fake.emit(
      'message',
      message({
        content: {
          kind: 'order',
          order: { id: 'o-1', status: 'shipped', carrier: 'SF', trackingNo: 'SF1', events: [] },
        },
      }),
    );
    expect(chat.order.value).toEqual({
      ...paid,
      status: 'shipped',
      carrier: 'SF',
      trackingNo: 'SF1',
      events: [],
    });
  });
});

describe('chat state across tabs', () => {
  it('stops counting a message as unread once another tab of the shop has shown it', () => {
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: localSeenStore('shop'), connectNow: true });
    fake.emit('message', message({ seq: 2, content: { kind: 'text', text: 'an agent replied' } }));
    expect(chat.unread.value).toBe(1);
    // The other tab's panel is open: it writes the seen mark, and this tab hears of it.
    localStorage.setItem('kefu:shop:seen', '2');
    dispatchEvent(new StorageEvent('storage', { key: 'kefu:shop:seen', newValue: '2' }));
    expect(chat.unread.value).toBe(0);
  });

  it('tells a refused tab (4429 too_many_connections) from a hub asking it to slow down (4429 rate_limited)', () => {
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: memorySeen(), connectNow: true });
    fake.emit('connection', {
      status: 'reconnecting',
      code: 4429,
      reason: 'rate_limited: reconnecting too often',
    });
    expect(chat.connection.value).toBe('reconnecting');
    fake.emit('connection', {
      status: 'reconnecting',
      code: 4429,
      reason: 'too_many_connections: at most 50 connections per address',
    });
    expect(chat.connection.value).toBe('tabs');
  });

  it('shows a hub node back on its bus (4503 bus_outage) as reconnecting, as any close it may retry', () => {
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: memorySeen(), connectNow: true });
    fake.emit('connection', {
      status: 'reconnecting',
      code: 4503,
      reason: 'bus_outage: the hub was cut off from its bus; reconnect and resume',
    });
    expect(chat.connection.value).toBe('reconnecting');
  });

  it('keeps showing, in a tab the hub refuses, a message another tab got stored, until this tab is let in', () => {
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: memorySeen(), connectNow: true });
    fake.emit('connection', {
      status: 'reconnecting',
      code: 4429,
      reason: 'too_many_connections: at most 1 connections per shopper',
    });
    chat.send('typed in the refused tab');
    chat.send('and a second line');
    const [first, second] = fake.client.outbox;
    // The connected tab got the first stored: the shared outbox loses it, and this tab gets no message.
    fake.emit('outbox', [second!]);
    expect(chat.outbox.value.map((e) => e.clientMsgId)).toEqual([first!.clientMsgId, second!.clientMsgId]);
    fake.emit('outbox', []);
    expect(chat.outbox.value).toHaveLength(2);
    // Let in: the welcome resumes the stored messages, and the outbox is the client's again.
    fake.emit('connection', { status: 'open' });
    fake.emit('welcome', {
      conversationId: 'c1',
      shopperId: 's1',
      identified: false,
      shopperReadSeq: 0,
      photos: true,
    });
    expect(chat.outbox.value).toEqual([]);
  });
});

describe('read receipts', () => {
  afterEach(() => vi.useRealTimers());

  it('sends at most one a second, the latest, while an agent sends a burst (a read each went past the hub budget)', () => {
    vi.useFakeTimers();
    const fake = createFakeClient();
    const chat = createChatState(fake.client, { seen: memorySeen(), connectNow: true });
    fake.emit('connection', { status: 'open' });
    chat.setOpen(true);
    for (let i = 1; i <= 50; i++)
      fake.emit('message', message({ content: { kind: 'text', text: `line ${i}` } }));
    expect(fake.read).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(fake.read).toEqual([fake.read[0], chat.messages.value.at(-1)!.seq]);
    vi.advanceTimersByTime(5000);
    expect(fake.read).toHaveLength(2);
    chat.dispose();
  });
});
