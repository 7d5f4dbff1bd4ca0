import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLocalFolderBlobStore } from '../blobs/local-folder-blob-store.ts';
import { systemClock } from '../clock.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { createDecodeQueue } from './decode-queue.ts';
import { createImageLibrary } from './image-library.ts';
import { solid } from './test-fixtures.ts';

/** A task that finishes when the test says so. */
function held() {
  let finish = () => {};
  const done = new Promise<string>((resolve) => {
    finish = () => resolve('decoded');
  });
  return { task: () => done, finish: () => finish() };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the node’s decode queue', () => {
  it('runs two at once, queues the next, and refuses one past the queue as busy', async () => {
    const queue = createDecodeQueue(new ManualClock(), { concurrency: 2, maxWaiting: 1 });
    const [a, b, c, d] = [held(), held(), held(), held()];
    const first = queue.run(a.task);
    const second = queue.run(b.task);
    const third = queue.run(c.task);
    expect(queue.running).toBe(2);
    expect(queue.waiting).toBe(1);
    const refused = await queue.run(d.task);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('busy');
    expect(refused.error.message).toMatch(/too many photos; retry/);

    a.finish();
    expect(await first).toEqual({ ok: true, value: 'decoded' });
    // The freed slot went to the waiting upload, not to anyone who came after.
    expect(queue.running).toBe(2);
    expect(queue.waiting).toBe(0);
    b.finish();
    c.finish();
    expect(await second).toEqual({ ok: true, value: 'decoded' });
    expect(await third).toEqual({ ok: true, value: 'decoded' });
    expect(queue.running).toBe(0);
  });

  it('refuses an upload that waited maxWaitMs, and frees its place in the queue', async () => {
    const clock = new ManualClock();
    const queue = createDecodeQueue(clock, { concurrency: 1, maxWaiting: 1, maxWaitMs: 10_000 });
    const running = held();
    const first = queue.run(running.task);
    const waited = queue.run(held().task);
    clock.advance(9_999);
    await flush();
    expect(queue.waiting).toBe(1);
    clock.advance(1);
    const outcome = await waited;
    expect(outcome.ok || outcome.error.code).toBe('busy');
    expect(queue.waiting).toBe(0);
    running.finish();
    expect((await first).ok).toBe(true);
    expect(queue.running).toBe(0);
  });

  it('frees the slot of a task that throws', async () => {
    const queue = createDecodeQueue(new ManualClock(), { concurrency: 1, maxWaiting: 0 });
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(() => Promise.resolve(1))).toEqual({ ok: true, value: 1 });
  });

  it('throws early on an option out of range, naming it', () => {
    expect(() => createDecodeQueue(new ManualClock(), { concurrency: 0 })).toThrow(/concurrency/);
    expect(() => createDecodeQueue(new ManualClock(), { maxWaiting: -1 })).toThrow(/maxWaiting/);
  });

  it('holds an image library’s intake: a photo past the queue is refused busy, not decoded', async () => {
    const decodes = createDecodeQueue(systemClock, { concurrency: 1, maxWaiting: 0 });
    const dir = await mkdtemp(join(tmpdir(), 'kefu-decodes-'));
    const blobStore = await createLocalFolderBlobStore({ dir });
    onTestFinished(async () => {
      await blobStore.close();
      await rm(dir, { recursive: true, force: true });
    });
    const library = createImageLibrary({
      blobStore,
      secret: 'image-url-secret-for-tests-0123456789',
      clock: systemClock,
      ids: (prefix) => `${prefix}_1`,
      urlTtlMs: 60_000,
      intake: {},
      decodes,
    });
    const busy = held();
    const occupying = decodes.run(busy.task);
    const photo = await solid(64, 64, 'png');
    const refused = await library.intake('c_1', photo);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('busy');
    expect(await blobStore.get('c/c_1/img_1/meta')).toBeNull();
    busy.finish();
    await occupying;
    expect((await library.intake('c_1', photo)).ok).toBe(true);
  });
});
