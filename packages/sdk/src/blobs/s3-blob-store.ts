import type { Readable } from 'node:stream';
import {
  assertBlobKey,
  assertBlobPrefix,
  assertContentType,
  type BlobStore,
  BlobStoreError,
  backend,
  bodyBytes,
} from './blob-store.ts';

export interface S3BlobStoreOptions {
  bucket: string;
  /** e.g. `eu-central-1`; S3-compatible servers usually accept any (default `us-east-1`). */
  region?: string;
  /** For MinIO, Ceph, R2 and the like: `http://127.0.0.1:9000`. Unset: AWS S3 itself. */
  endpoint?: string;
  /** `bucket` in the path instead of the host name, which MinIO and most compatible servers need. */
  forcePathStyle?: boolean;
  /** Unset: the AWS SDK's default chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Prepended to every key, e.g. `kefu/` to share a bucket; segments ending with `/`. */
  keyPrefix?: string;
}

/**
 * Blobs in an S3 bucket or an S3-compatible server, through the AWS SDK v3 client
 * (`@aws-sdk/client-s3`, an optional peer dependency loaded only here, when this is called).
 * `put` collects a streamed body before sending it: a single PutObject needs its length up front,
 * and the blobs here are a few megabytes (multipart would need `@aws-sdk/lib-storage` too).
 * @example
 * const blobs = await createS3BlobStore({
 *   bucket: 'kefu-photos', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true,
 *   credentials: { accessKeyId: process.env.S3_KEY!, secretAccessKey: process.env.S3_SECRET! },
 * });
 */
export async function createS3BlobStore(options: S3BlobStoreOptions): Promise<BlobStore> {
  if (!options.bucket) throw new TypeError('createS3BlobStore: options.bucket is required');
  const keyPrefix = options.keyPrefix ?? '';
  if (keyPrefix !== '') assertBlobPrefix(keyPrefix);
  const s3 = await import('@aws-sdk/client-s3').catch((cause: unknown) => {
    throw new Error('createS3BlobStore needs @aws-sdk/client-s3: npm install @aws-sdk/client-s3', { cause });
  });
  const client = new s3.S3Client({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.forcePathStyle !== undefined && { forcePathStyle: options.forcePathStyle }),
    ...(options.credentials && { credentials: options.credentials }),
  });
  const Bucket = options.bucket;
  let closed = false;
  const objectKey = (key: string) => {
    if (closed) throw new BlobStoreError('closed', 'the blob store is closed');
    assertBlobKey(key);
    return keyPrefix + key;
  };

  return {
    async put(key, body, { contentType }) {
      const Key = objectKey(key);
      assertContentType(contentType);
      const bytes = await bodyBytes(body);
      await backend(`write ${key}`, () =>
        client.send(
          new s3.PutObjectCommand({
            Bucket,
            Key,
            Body: bytes,
            ContentType: contentType,
            ContentLength: bytes.byteLength,
          }),
        ),
      );
      return { size: bytes.byteLength };
    },

    async get(key) {
      const Key = objectKey(key);
      const object = await client.send(new s3.GetObjectCommand({ Bucket, Key })).catch((error: unknown) => {
        if (error instanceof s3.NoSuchKey) return null;
        throw new BlobStoreError('unavailable', `read ${key}: ${(error as Error).message}`, { cause: error });
      });
      if (!object) return null;
      if (!object.Body || object.ContentType === undefined || object.ContentLength === undefined)
        throw new BlobStoreError('unavailable', `read ${key}: the server sent no body, type or length`);
      // In Node the SDK's body is the HTTP response, a Readable with the SDK's helpers mixed in.
      return { body: object.Body as Readable, contentType: object.ContentType, size: object.ContentLength };
    },

    async delete(key) {
      const Key = objectKey(key);
      await backend(`delete ${key}`, () => client.send(new s3.DeleteObjectCommand({ Bucket, Key })));
    },

    async deletePrefix(prefix) {
      if (closed) throw new BlobStoreError('closed', 'the blob store is closed');
      assertBlobPrefix(prefix);
      // One listing page (at most 1,000 keys) and one batch delete per round, until none is left.
      for (;;) {
        const page = await backend(`list ${prefix}`, () =>
          client.send(new s3.ListObjectsV2Command({ Bucket, Prefix: keyPrefix + prefix })),
        );
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ Key: o.Key }]));
        if (keys.length === 0) return;
        const result = await backend(`delete ${prefix}`, () =>
          client.send(new s3.DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } })),
        );
        if (result.Errors?.length)
          throw new BlobStoreError(
            'unavailable',
            `delete ${prefix}: ${result.Errors.length} objects not deleted (${result.Errors[0]?.Code})`,
          );
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      client.destroy();
    },
  };
}
