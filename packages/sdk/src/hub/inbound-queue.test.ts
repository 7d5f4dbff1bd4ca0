import { promiseHooks } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createInboundQueue, type InboundQueueHooks } from './inbound-queue.ts';

/** A handler that holds each frame until the test lets it go. */
function heldHandler() {
  const handled: string[] = [];
  const releases: Array<() => void> = [];
  return {
    handled,
    release: () => releases.shift()?.(),
    handle: (frame: string) =>
      new Promise<void>((resolve) => {
        handled.push(frame);
        releases.push(resolve);
      }),
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Hooks that record the queue's pause and resume signals in `signals`. */
function hooks(signals: string[] = []): InboundQueueHooks {
  return { onError: () => {}, onFull: () => signals.push('full'), onRoom: () => signals.push('room') };
}

describe('the inbound queue', () => {
  it('handles frames one at a time, in arrival order', async () => {
    const h = heldHandler();
    const queue = createInboundQueue(
      h.handle,
      { maxFrames: 10, maxBytes: 1000, hardMaxBytes: 2000 },
      hooks(),
    );
    for (const f of ['a', 'b', 'c']) queue.push(f, 1);
    await turn();
    expect(h.handled).toEqual(['a']);
    h.release();
    await turn();
    expect(h.handled).toEqual(['a', 'b']);
    h.release();
    await turn();
    h.release();
    await queue.idle();
    expect(h.handled).toEqual(['a', 'b', 'c']);
  });

  it('asks for a pause at the bound on frames, and to read on once half of it is free', async () => {
    const h = heldHandler();
    const signals: string[] = [];
    const queue = createInboundQueue(
      h.handle,
      { maxFrames: 4, maxBytes: 1000, hardMaxBytes: 2000 },
      hooks(signals),
    );
    queue.push('in hand', 1);
    await turn();
    for (const f of ['a', 'b', 'c']) queue.push(f, 1);
    expect(signals).toEqual([]);
    queue.push('d', 1);
    expect(signals).toEqual(['full']);
    // Frames the socket had already read still queue: nothing is dropped.
    expect(queue.push('e', 1)).toBe(true);
    expect(queue.waiting.frames).toBe(5);
    for (let i = 0; i < 3; i++) {
      h.release();
      await turn();
    }
    expect(queue.waiting.frames).toBe(2);
    expect(signals).toEqual(['full', 'room']);
    for (let i = 0; i < 3; i++) {
      h.release();
      await turn();
    }
    await queue.idle();
    expect(h.handled).toEqual(['in hand', 'a', 'b', 'c', 'd', 'e']);
  });

  it('asks for a pause at the bound on bytes, and refuses only past the hard bound', async () => {
    const h = heldHandler();
    const signals: string[] = [];
    const queue = createInboundQueue(
      h.handle,
      { maxFrames: 100, maxBytes: 100, hardMaxBytes: 200 },
      hooks(signals),
    );
    queue.push('in hand', 60);
    await turn();
    expect(queue.push('a', 60)).toBe(true);
    expect(signals).toEqual([]);
    expect(queue.push('b', 40)).toBe(true);
    expect(signals).toEqual(['full']);
    expect(queue.push('c', 100)).toBe(true);
    expect(queue.push('d', 1)).toBe(false);
    expect(queue.waiting).toEqual({ frames: 3, bytes: 200 });
  });

  it('drops what waits on clear, and is idle once the frame in hand is done', async () => {
    const h = heldHandler();
    const queue = createInboundQueue(
      h.handle,
      { maxFrames: 10, maxBytes: 1000, hardMaxBytes: 2000 },
      hooks(),
    );
    for (const f of ['a', 'b', 'c']) queue.push(f, 10);
    await turn();
    queue.clear();
    expect(queue.waiting).toEqual({ frames: 0, bytes: 0 });
    h.release();
    await queue.idle();
    expect(h.handled).toEqual(['a']);
  });

  it('reports a handler that throws and goes on with the next frame', async () => {
    const errors: unknown[] = [];
    const handled: string[] = [];
    const queue = createInboundQueue(
      async (f: string) => {
        if (f === 'bad') throw new Error('boom');
        handled.push(f);
      },
      { maxFrames: 10, maxBytes: 1000, hardMaxBytes: 2000 },
      { ...hooks(), onError: (e) => errors.push(e) },
    );
    queue.push('bad', 1);
    queue.push('good', 1);
    await queue.idle();
    expect(handled).toEqual(['good']);
    expect(errors).toHaveLength(1);
  });

  it('shares its methods between queues: one per connection, so no closures per queue', () => {
    const bounds = { maxFrames: 10, maxBytes: 1000, hardMaxBytes: 2000 };
    const a = createInboundQueue(heldHandler().handle, bounds, hooks());
    const b = createInboundQueue(heldHandler().handle, bounds, hooks());
    for (const method of ['push', 'clear', 'idle'] as const) expect(a[method]).toBe(b[method]);
  });

  it('makes two promises of its own per frame: one for the turn before it, one after its handling', async () => {
    const done = Promise.resolve();
    const queue = createInboundQueue(
      () => done,
      { maxFrames: 10, maxBytes: 1000, hardMaxBytes: 2000 },
      hooks(),
    );
    /** Promises made over 100 turns of the test, with a frame pushed before each or not. */
    const promisesOver100Turns = async (push: boolean) => {
      let made = 0;
      const stop = promiseHooks.onInit(() => made++);
      try {
        for (let i = 0; i < 100; i++) {
          if (push) queue.push('frame', 1);
          await turn();
        }
      } finally {
        stop();
      }
      return made;
    };
    const turnsAlone = await promisesOver100Turns(false);
    // Two a frame, a few of the test runner's own aside. A callback that returned a promise was
    // adopted: a promise and a turn more per frame (300).
    expect((await promisesOver100Turns(true)) - turnsAlone).toBeLessThanOrEqual(220);
    expect(queue.waiting.frames).toBe(0);
  });
});
