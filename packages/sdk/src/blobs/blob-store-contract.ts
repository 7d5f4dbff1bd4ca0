import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BlobStore, BlobStoreError, type StoredBlob } from './blob-store.ts';

/** Every byte value, so no backend gets away with text encoding. */
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

async function read(
  blob: StoredBlob | null,
): Promise<{ bytes: number[]; contentType: string; size: number }> {
  if (!blob) throw new Error('no blob');
  const chunks: Buffer[] = [];
  for await (const chunk of blob.body) chunks.push(chunk as Buffer);
  return { bytes: [...Buffer.concat(chunks)], contentType: blob.contentType, size: blob.size };
}

function code(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof BlobStoreError ? error.code : `not a BlobStoreError: ${error}`),
  );
}

/**
 * What every {@link BlobStore} does, run against each implementation (local folder, PGlite,
 * PostgreSQL, S3 on a real S3-compatible server).
 */
export function blobStoreContract(
  name: string,
  make: () => Promise<BlobStore>,
  cleanup: (store: BlobStore) => Promise<void> = (store) => store.close(),
  /** A test server that cannot keep racing writes apart says why here (the real backend can). */
  options: { racingWrites?: string } = {},
): void {
  describe(`BlobStore contract: ${name}`, () => {
    let blobs: BlobStore;
    beforeEach(async () => {
      blobs = await make();
    });
    afterEach(async () => {
      await cleanup(blobs);
    });

    it('gives back the bytes, media type and size it was given', async () => {
      expect(await blobs.put('c/c_1/i_1/full', ALL_BYTES, { contentType: 'image/jpeg' })).toEqual({
        size: 256,
      });
      expect(await read(await blobs.get('c/c_1/i_1/full'))).toEqual({
        bytes: [...ALL_BYTES],
        contentType: 'image/jpeg',
        size: 256,
      });
    });

    it('stores a streamed body of several chunks', async () => {
      const body = Readable.from([Buffer.from('abc'), Buffer.from('def'), Buffer.alloc(70_000, 7)]);
      expect(await blobs.put('c/c_1/i_2/full', body, { contentType: 'image/webp' })).toEqual({
        size: 70_006,
      });
      const got = await read(await blobs.get('c/c_1/i_2/full'));
      expect(got.size).toBe(70_006);
      expect(Buffer.from(got.bytes.slice(0, 6)).toString()).toBe('abcdef');
      expect(got.bytes.slice(6).every((b) => b === 7)).toBe(true);
    });

    it('replaces a blob put again under the same key, media type included', async () => {
      await blobs.put('k', Buffer.from('old'), { contentType: 'image/png' });
      await blobs.put('k', Buffer.from('newer'), { contentType: 'image/gif' });
      expect(await read(await blobs.get('k'))).toEqual({
        bytes: [...Buffer.from('newer')],
        contentType: 'image/gif',
        size: 5,
      });
    });

    it.skipIf(options.racingWrites !== undefined)(
      `ends with one whole blob, never a mix, when two writes to a key race${options.racingWrites ? ` (skipped: ${options.racingWrites})` : ''}`,
      async () => {
        const a = Buffer.alloc(50_000, 0x61);
        const b = Buffer.alloc(30_000, 0x62);
        await Promise.all([
          blobs.put('k', Readable.from([a.subarray(0, 25_000), a.subarray(25_000)]), {
            contentType: 'image/png',
          }),
          blobs.put('k', Readable.from([b.subarray(0, 15_000), b.subarray(15_000)]), {
            contentType: 'image/gif',
          }),
        ]);
        const got = await read(await blobs.get('k'));
        const winner = got.contentType === 'image/png' ? a : b;
        expect(got.size).toBe(winner.byteLength);
        expect(Buffer.from(got.bytes).equals(winner)).toBe(true);
      },
    );

    it('keeps the old blob when a streamed body fails halfway, and passes the stream error on', async () => {
      await blobs.put('k', Buffer.from('old'), { contentType: 'image/png' });
      const failing = new Readable({
        read() {
          this.push(Buffer.from('partial'));
          this.destroy(new Error('upload cut off'));
        },
      });
      await expect(blobs.put('k', failing, { contentType: 'image/jpeg' })).rejects.toThrow('upload cut off');
      expect(await read(await blobs.get('k'))).toMatchObject({
        bytes: [...Buffer.from('old')],
        contentType: 'image/png',
      });
    });

    it('returns null for a key it does not have', async () => {
      expect(await blobs.get('c/c_1/nothing')).toBeNull();
    });

    it('deletes a blob, and deleting a missing one is not an error', async () => {
      await blobs.put('c/c_1/i_1/full', ALL_BYTES, { contentType: 'image/jpeg' });
      await blobs.delete('c/c_1/i_1/full');
      expect(await blobs.get('c/c_1/i_1/full')).toBeNull();
      await blobs.delete('c/c_1/i_1/full');
    });

    it('keeps a key and a longer key under it apart (a and a/b)', async () => {
      await blobs.put('a', Buffer.from('1'), { contentType: 'image/png' });
      await blobs.put('a/b', Buffer.from('2'), { contentType: 'image/png' });
      expect((await read(await blobs.get('a'))).bytes).toEqual([0x31]);
      expect((await read(await blobs.get('a/b'))).bytes).toEqual([0x32]);
    });

    it('deletes by prefix exactly the blobs under it (c/c_1/ leaves c/c_10/ alone)', async () => {
      const keys = [
        'c/c_1/i_1/full',
        'c/c_1/i_1/thumb',
        'c/c_1/i_2/full',
        'c/c_10/i_1/full',
        'c/c_1x',
        'c/c_1',
      ];
      for (const key of keys) await blobs.put(key, Buffer.from(key), { contentType: 'image/jpeg' });
      await blobs.deletePrefix!('c/c_1/');
      const left = [];
      for (const key of keys) {
        const blob = await blobs.get(key);
        blob?.body.destroy();
        if (blob) left.push(key);
      }
      expect(left).toEqual(['c/c_10/i_1/full', 'c/c_1x', 'c/c_1']);
      await blobs.deletePrefix!('c/nobody/');
    });

    it.each([
      '',
      '../etc/passwd',
      'a/../../b',
      '/etc/passwd',
      'a//b',
      'a/',
      'a\\b',
      '.hidden',
      'a/./b',
      'a b',
      'a@blob',
      'ä',
      'x'.repeat(513),
      'a/%2e%2e/b',
    ])('refuses the key %j before touching the backend', async (key) => {
      expect(await code(blobs.put(key, ALL_BYTES, { contentType: 'image/jpeg' }))).toBe('invalid_key');
      expect(await code(blobs.get(key))).toBe('invalid_key');
      expect(await code(blobs.delete(key))).toBe('invalid_key');
    });

    it.each(['', 'c/c_1', '/c/', '../', 'c//'])('refuses the prefix %j', async (prefix) => {
      expect(await code(blobs.deletePrefix!(prefix))).toBe('invalid_key');
    });

    it.each(['', 'image', 'text/html; charset=utf-8', 'image/jpeg\r\nSet-Cookie: a=b', 'IMAGE/JPEG'])(
      'refuses the media type %j',
      async (contentType) => {
        expect(await code(blobs.put('k', ALL_BYTES, { contentType }))).toBe('invalid_content_type');
        expect(await blobs.get('k')).toBeNull();
      },
    );

    it('refuses every call after close()', async () => {
      await blobs.close();
      expect(await code(blobs.put('k', ALL_BYTES, { contentType: 'image/png' }))).toBe('closed');
      expect(await code(blobs.get('k'))).toBe('closed');
      expect(await code(blobs.delete('k'))).toBe('closed');
      expect(await code(blobs.deletePrefix!('c/'))).toBe('closed');
    });
  });
}
