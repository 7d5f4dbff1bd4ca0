import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ImageRefusal } from './image-refusal.ts';
import { formatBytes, readCapped } from './read-capped.ts';

describe('readCapped', () => {
  it('reads a stream of several chunks up to exactly the cap', async () => {
    const bytes = await readCapped(Readable.from([Buffer.from('ab'), Buffer.from('cd'), 'ef']), 6);
    expect(bytes.toString()).toBe('abcdef');
  });

  it('refuses with too_large on the chunk that passes the cap and reads nothing after it', async () => {
    const stream = new PassThrough();
    let pulled = 0;
    stream.on('data', () => {
      pulled += 1;
    });
    const reading = readCapped(stream, 5);
    stream.write(Buffer.from('abc'));
    stream.write(Buffer.from('def'));
    const error = await reading.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRefusal);
    expect(error).toMatchObject({ code: 'too_large', message: 'the file is larger than 5 bytes' });
    // Paused, with our listener gone: later chunks stay in the stream's buffer, unread.
    stream.write(Buffer.from('more'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.isPaused()).toBe(true);
    expect(pulled).toBe(2);
    expect(stream.listenerCount('data')).toBe(1);
    // A stream that fails after the refusal does not become an uncaught error.
    stream.destroy(new Error('client hung up'));
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('passes a stream error on', async () => {
    const stream = new PassThrough();
    const reading = readCapped(stream, 100);
    stream.destroy(new Error('reset by peer'));
    await expect(reading).rejects.toThrow('reset by peer');
  });

  it('refuses a cap that is not a non-negative integer', () => {
    expect(() => readCapped(Readable.from([]), -1)).toThrow(RangeError);
    expect(() => readCapped(Readable.from([]), 1.5)).toThrow(/maxBytes/);
  });

  it('writes limits as people read them', () => {
    expect([formatBytes(10 * 1024 * 1024), formatBytes(1536), formatBytes(300)]).toEqual([
      '10 MB',
      '1.5 KB',
      '300 bytes',
    ]);
  });
});
