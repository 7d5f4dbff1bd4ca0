import type { Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { type Bus, channels } from '../bus/bus.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { openingState } from '../conversation/lifecycle.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { ConversationFeed } from './conversation-feed.ts';

/** A memory store holding conversation c_1, and a memory bus. */
async function newConversation() {
  const store = createMemoryStore();
  const bus = createMemoryBus();
  await store.createConversation({
    id: 'c_1',
    siteKey: 's',
    shopperId: 'd:1',
    state: openingState(),
    createdAt: 0,
  });
  return { store, bus };
}

/** Message `i` of conversation c_1 stored (text `t<i>`, at time `i`). */
const append = (store: Store, i: number, author: Message['author'] = { kind: 'bot' }) =>
  store.appendMessage({
    id: `m_${i}`,
    conversationId: 'c_1',
    author,
    content: { kind: 'text', text: `t${i}` },
    createdAt: i,
  });

/** A feed of c_1 for `viewer`, not started, recording the frames it sends and the errors it reports. */
function recordingFeed(store: Store, bus: Bus, viewer: 'shopper' | 'agent') {
  const sent: Array<{ type: string; message?: Message }> = [];
  const errors: unknown[] = [];
  const feed = new ConversationFeed(
    'c_1',
    store,
    bus,
    viewer,
    (frame) => sent.push(typeof frame === 'string' ? JSON.parse(frame) : frame),
    (error) => errors.push(error),
  );
  const seqs = () => sent.filter((f) => f.type === 'message').map((f) => f.message?.seq);
  return { feed, sent, errors, seqs };
}

/** A live shopper feed on a new conversation, and `count` messages stored after it started. */
async function setUp(count: number) {
  const { store, bus } = await newConversation();
  const { feed, sent, errors, seqs } = recordingFeed(store, bus, 'shopper');
  await feed.start(async () => ({ deliveredSeq: 0, stateVersion: 1 }));
  const messages: Message[] = [];
  for (let i = 1; i <= count; i++) messages.push((await append(store, i)).message);
  const publish = (message: Message) =>
    bus.publish(channels.conversation('c_1'), { kind: 'message', conversationId: 'c_1', message });
  return { feed, bus, messages, publish, sent, seqs, errors };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConversationFeed', () => {
  it('sends the next message as it is published, once', async () => {
    const { messages, publish, seqs } = await setUp(2);
    await publish(messages[0]!);
    expect(seqs()).toEqual([1]);
    await publish(messages[0]!);
    await publish(messages[1]!);
    await settle();
    expect(seqs()).toEqual([1, 2]);
  });

  it('fills a gap from the store, and sends what is published meanwhile after it, in seq order', async () => {
    const { messages, publish, seqs, errors } = await setUp(5);
    await publish(messages[0]!);
    // Seq 2 and 3 overtook each other on the way (another node's events), and 4 and 5 follow at once.
    await publish(messages[2]!);
    await publish(messages[3]!);
    await publish(messages[1]!);
    await publish(messages[4]!);
    await settle();
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(errors).toEqual([]);
  });

  it('keeps a state change and the message published after it in the order they were published', async () => {
    const { bus, messages, publish, sent } = await setUp(1);
    // Published back to back: the state still waits its turn when the message arrives.
    const state = bus.publish(channels.conversation('c_1'), {
      kind: 'state',
      conversationId: 'c_1',
      state: { status: 'queued' },
      version: 2,
    });
    await Promise.all([state, publish(messages[0]!)]);
    await settle();
    expect(sent.map((f) => f.type)).toEqual(['state', 'message']);
  });

  it('drops a state read before one it already sent (a node refreshing the queue as another assigns)', async () => {
    const { bus, sent } = await setUp(0);
    const state = (status: 'queued' | 'assigned', version: number) =>
      bus.publish(channels.conversation('c_1'), {
        kind: 'state',
        conversationId: 'c_1',
        state: { status },
        version,
      });
    await state('queued', 3);
    await state('assigned', 5);
    // Read at version 3 on another node, published after the assignment.
    await state('queued', 3);
    // The same version again (a refresh with nothing changed) still goes out.
    await state('assigned', 5);
    await settle();
    expect(
      sent.filter((f) => f.type === 'state').map((f) => (f as { state?: { status: string } }).state?.status),
    ).toEqual(['queued', 'assigned', 'assigned']);
  });

  it('sends nothing once stopped', async () => {
    const { feed, messages, publish, seqs } = await setUp(1);
    await feed.stop();
    await publish(messages[0]!);
    await settle();
    expect(seqs()).toEqual([]);
  });

  it('goes live when the replay after its snapshot fails (the store went away), and fills the gap once the store is back', async () => {
    // Left loading, the feed buffered every event for good: an agent who accepted a conversation
    // as the database dropped never saw the shopper's next messages.
    const { store, bus } = await newConversation();
    const shopper = { kind: 'shopper' } as const;
    await append(store, 1, shopper);
    const list = store.listMessages.bind(store);
    let down = true;
    store.listMessages = (...args) =>
      down ? Promise.reject(new Error('Connection terminated unexpectedly')) : list(...args);
    const { feed, seqs } = recordingFeed(store, bus, 'agent');
    await expect(feed.start(async () => ({ deliveredSeq: 0, stateVersion: 1 }))).rejects.toThrow(
      /terminated/,
    );
    down = false;
    await append(store, 2, shopper);
    const { message } = await append(store, 3, shopper);
    await bus.publish(channels.conversation('c_1'), { kind: 'message', conversationId: 'c_1', message });
    await settle();
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('unsubscribes when its snapshot cannot be loaded, instead of buffering the conversation for good', async () => {
    const bus = createMemoryBus();
    const subscribed = bus.subscribe.bind(bus);
    const offs: string[] = [];
    bus.subscribe = async (channel, handler) => {
      const off = await subscribed(channel, handler);
      return async () => {
        offs.push(channel);
        await off();
      };
    };
    const { feed } = recordingFeed(createMemoryStore(), bus, 'shopper');
    await expect(
      feed.start(async () => {
        throw new Error('Connection terminated unexpectedly');
      }),
    ).rejects.toThrow();
    expect(offs).toEqual([channels.conversation('c_1')]);
  });
});
