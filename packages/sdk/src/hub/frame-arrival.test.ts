import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { Connection } from './connection.ts';
import { receiveFrame } from './frame-arrival.ts';
import type { InboundFrame } from './frame-steps.ts';
import { DEFAULT_LIMITS, type HubLimits } from './hub-limits.ts';
import { createInboundQueue } from './inbound-queue.ts';

/** A connection on a socket that records what the hub sends, and a queue whose handler never finishes. */
function setUp(limits: Partial<HubLimits> = {}) {
  const all = { ...DEFAULT_LIMITS, ...limits };
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    sent: [] as Array<{ type: string; code?: string }>,
    closedWith: undefined as number | undefined,
    send(data: string) {
      this.sent.push(JSON.parse(data));
    },
    close(code: number) {
      this.closedWith = code;
    },
    terminate() {},
    once() {},
    paused: false,
    pause() {
      this.paused = true;
    },
    resume() {
      this.paused = false;
    },
  };
  const conn = new Connection(
    socket as never,
    '10.0.0.1',
    undefined,
    undefined,
    all,
    new ManualClock(0),
    () => {},
  );
  const queue = createInboundQueue<InboundFrame>(
    () => new Promise<void>(() => {}),
    { maxFrames: all.maxQueuedFrames, maxBytes: all.maxQueuedBytes, hardMaxBytes: 2 * all.maxQueuedBytes },
    { onError: () => {}, onFull: () => socket.pause(), onRoom: () => socket.resume() },
  );
  const receive = (text: string) => receiveFrame(conn, queue, all, Buffer.from(text), false);
  return { socket, conn, queue, receive };
}

const ping = (i: number) => JSON.stringify({ v: 1, type: 'ping', id: `p${i}`, clientMsgId: `m${i}` });

describe('a frame as it arrives', () => {
  it('closes a connection that sends more than its pre-welcome allowance of frames, and drops what waits', () => {
    const { socket, queue, receive } = setUp({ preWelcomeFrames: 4 });
    for (let i = 0; i < 4; i++) receive(ping(i));
    expect(socket.closedWith).toBeUndefined();
    receive(ping(4));
    expect(socket.closedWith).toBe(4429);
    expect(socket.sent.at(-1)).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect(queue.waiting).toEqual({ frames: 0, bytes: 0 });
  });

  it('closes a connection that sends more than its pre-welcome allowance of bytes', () => {
    const { socket, receive } = setUp({ preWelcomeBytes: 1000 });
    receive('x'.repeat(1001));
    expect(socket.closedWith).toBe(4429);
  });

  it('closes a first frame over the protocol limit with frame_too_large, not as a flood', () => {
    const { socket, queue, receive } = setUp();
    receive(`{"v":1,"type":"hello","pad":"${'x'.repeat(100_000)}"}`);
    expect(socket.closedWith).toBe(1009);
    expect(socket.sent.at(-1)).toMatchObject({ type: 'error', code: 'frame_too_large', retryable: false });
    expect(queue.waiting).toEqual({ frames: 0, bytes: 0 });
  });

  it('still closes frames each under the limit that together pass the pre-welcome byte allowance', () => {
    const { socket, receive } = setUp();
    receive('x'.repeat(40_000));
    expect(socket.closedWith).toBeUndefined();
    receive('x'.repeat(40_000));
    expect(socket.closedWith).toBe(4429);
  });

  it('stops reading a welcomed connection that is ahead of the hub, and closes one past the hard bound', async () => {
    const { socket, conn, queue, receive } = setUp({
      maxQueuedFrames: 8,
      maxQueuedBytes: 1000,
      frameBurst: 100,
    });
    conn.send({ v: 1, type: 'welcome' });
    receive(ping(0));
    await Promise.resolve(); // the first frame is taken in hand, where it stays
    for (let i = 1; i <= 8; i++) receive(ping(i));
    expect(socket.paused).toBe(true);
    expect(socket.closedWith).toBeUndefined();
    // What the socket had read before the pause is still taken.
    receive(ping(9));
    expect(queue.waiting.frames).toBe(9);
    expect(socket.closedWith).toBeUndefined();
    receive('x'.repeat(1600));
    expect(socket.closedWith).toBe(4429);
    expect(queue.waiting.frames).toBe(0);
  });

  it('answers a frame over the budget with rate_limited at once, without queueing it', async () => {
    const { socket, conn, queue, receive } = setUp({ frameBurst: 3, maxQueuedFrames: 100 });
    conn.send({ v: 1, type: 'welcome' });
    for (let i = 0; i < 3; i++) receive(ping(i));
    await Promise.resolve();
    receive(ping(3));
    expect(socket.sent.at(-1)).toMatchObject({
      type: 'error',
      code: 'rate_limited',
      re: 'p3',
      clientMsgId: 'm3',
    });
    expect(socket.closedWith).toBeUndefined();
    // One in hand, two waiting: the refused frame was not queued.
    expect(queue.waiting.frames).toBe(2);
  });

  it('names the refused request by its top-level id, never an id nested in the frame', async () => {
    const { socket, conn, receive } = setUp({ frameBurst: 1, maxQueuedFrames: 100 });
    conn.send({ v: 1, type: 'welcome' });
    receive(ping(0));
    await Promise.resolve();
    receive(JSON.stringify({ v: 1, type: 'history', id: 'h1', before: 9 }));
    expect(socket.sent.at(-1)).toMatchObject({ type: 'error', code: 'rate_limited', re: 'h1' });
    // A nested product id is not the request's: no `re` rather than a wrong one.
    receive(JSON.stringify({ v: 1, type: 'context', page: { product: { id: 'p1', title: 't' } }, id: 'c1' }));
    expect(socket.sent.at(-1)).not.toHaveProperty('re');
  });

  it('answers a liveness probe at once, ahead of a slow frame; a ping with an id waits its turn', async () => {
    const { socket, conn, queue, receive } = setUp({ maxQueuedFrames: 100 });
    conn.send({ v: 1, type: 'welcome' });
    receive(JSON.stringify({ v: 1, type: 'send', id: 's1', conversationId: 'c1', text: 'hi' }));
    await Promise.resolve(); // the send is taken in hand, where it stays (a slow store write)
    receive(JSON.stringify({ v: 1, type: 'ping', t: 1_700_000_000_000 }));
    receive(JSON.stringify({ v: 1, type: 'ping' }));
    expect(socket.sent.slice(1)).toEqual([
      { v: 1, type: 'pong', t: 1_700_000_000_000 },
      { v: 1, type: 'pong' },
    ]);
    receive(ping(1));
    expect(socket.sent).toHaveLength(3);
    expect(queue.waiting.frames).toBe(1);
  });

  it('leaves a ping before the welcome to the hello check, unanswered', () => {
    const { socket, receive } = setUp();
    receive(JSON.stringify({ v: 1, type: 'ping', t: 1 }));
    expect(socket.sent).toEqual([]);
  });
});
