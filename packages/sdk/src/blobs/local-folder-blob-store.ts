import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import {
  assertBlobKey,
  assertBlobPrefix,
  assertContentType,
  type BlobStore,
  BlobStoreError,
  backend,
  type StoredBlob,
} from './blob-store.ts';

export interface LocalFolderBlobStoreOptions {
  /** The folder blobs live in, created if missing (e.g. `./.data/blobs`). */
  dir: string;
}

/**
 * Each blob is one file, `<dir>/<key>@blob`: a one-line header (`kefu-blob 1 <content type>\n`)
 * then the bytes, so the media type travels with the bytes and one rename publishes both. `@` is
 * not allowed in keys, so a file never collides with the folder of a longer key (`a` and `a/b`).
 */
const SUFFIX = '@blob';
const MAGIC = 'kefu-blob 1 ';
/** Longer than any header: magic + a content type of at most 1 + 1 + 100 characters + newline. */
const HEADER_MAX = 128;

/**
 * The demo's default: blobs as files under one folder. A write goes to a temporary file in
 * `<dir>/.tmp` (same file system), is flushed, then renamed over the key's file, so a reader or a
 * crash never sees half a blob. Not for several hub nodes unless `dir` is shared storage.
 * @example
 * const blobs = await createLocalFolderBlobStore({ dir: './.data/blobs' });
 */
export async function createLocalFolderBlobStore(options: LocalFolderBlobStoreOptions): Promise<BlobStore> {
  const root = resolve(options.dir);
  const temp = join(root, '.tmp');
  await backend(`create ${temp}`, () => mkdir(temp, { recursive: true }));
  let closed = false;
  const path = (key: string) => {
    if (closed) throw new BlobStoreError('closed', 'the blob store is closed');
    assertBlobKey(key);
    return join(root, `${key}${SUFFIX}`);
  };

  return {
    async put(key, body, { contentType }) {
      const target = path(key);
      assertContentType(contentType);
      const partial = join(temp, `${randomBytes(12).toString('hex')}.partial`);
      let size = 0;
      try {
        await backend(`write ${key}`, () => mkdir(dirname(target), { recursive: true }));
        const file = await backend(`write ${key}`, () => open(partial, 'wx'));
        try {
          await backend(`write ${key}`, () => file.write(`${MAGIC}${contentType}\n`));
          for await (const chunk of chunks(body)) {
            size += chunk.byteLength;
            await backend(`write ${key}`, () => file.write(chunk));
          }
          await backend(`write ${key}`, () => file.sync());
        } finally {
          await file.close();
        }
        await backend(`write ${key}`, () => rename(partial, target));
        return { size };
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },

    async get(key) {
      const file = await open(path(key), 'r').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw new BlobStoreError('unavailable', `read ${key}: ${error.message}`, { cause: error });
      });
      if (!file) return null;
      try {
        const head = Buffer.alloc(HEADER_MAX);
        const { bytesRead } = await file.read(head, 0, HEADER_MAX, 0);
        const newline = head.subarray(0, bytesRead).indexOf(0x0a);
        const header = newline > 0 ? head.toString('latin1', 0, newline) : '';
        if (!header.startsWith(MAGIC))
          throw new BlobStoreError('unavailable', `read ${key}: not a blob file`);
        const { size } = await file.stat();
        const start = newline + 1;
        const blob: StoredBlob = {
          body: file.createReadStream({ start }),
          contentType: header.slice(MAGIC.length),
          size: size - start,
        };
        return blob;
      } catch (error) {
        await file.close();
        throw error instanceof BlobStoreError
          ? error
          : new BlobStoreError('unavailable', `read ${key}: ${(error as Error).message}`, { cause: error });
      }
    },

    async delete(key) {
      const target = path(key);
      await backend(`delete ${key}`, () => rm(target, { force: true }));
    },

    async deletePrefix(prefix) {
      if (closed) throw new BlobStoreError('closed', 'the blob store is closed');
      assertBlobPrefix(prefix);
      // A prefix is whole segments, so its blobs are exactly the files under one folder.
      await backend(`delete ${prefix}`, () => rm(join(root, prefix), { recursive: true, force: true }));
    },

    async close() {
      closed = true;
    },
  };
}

async function* chunks(body: Uint8Array | Readable): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  for await (const chunk of body)
    yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
}
