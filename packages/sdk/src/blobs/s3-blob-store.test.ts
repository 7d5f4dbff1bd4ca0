import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStoreContract } from './blob-store-contract.ts';
import { createS3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.ts';

// A real S3-compatible HTTP server (s3rver) on a free loopback port, its files in a temp folder.
let server: S3rver;
let dir: string;
let options: S3BlobStoreOptions;
let buckets = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kefu-s3rver-'));
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = (await server.run()) as AddressInfo;
  options = {
    bucket: 'unset',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A bucket per test, made through the SDK as an operator would. */
async function bucket(): Promise<string> {
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ ...options, region: 'us-east-1' });
  const name = `kefu-${++buckets}`;
  await client.send(new CreateBucketCommand({ Bucket: name }));
  client.destroy();
  return name;
}

// s3rver keeps an object's bytes and its metadata in two files, so two PUTs racing on one key can
// leave one's media type with the other's bytes; S3 and MinIO replace an object whole.
const racingWrites = 's3rver writes bytes and metadata apart';
blobStoreContract(
  'S3 (s3rver)',
  async () => createS3BlobStore({ ...options, bucket: await bucket() }),
  undefined,
  {
    racingWrites,
  },
);
blobStoreContract(
  'S3 (s3rver) under a key prefix',
  async () => createS3BlobStore({ ...options, bucket: await bucket(), keyPrefix: 'shop-1/kefu/' }),
  undefined,
  { racingWrites },
);

describe('createS3BlobStore', () => {
  it('keeps to its key prefix: deleting by prefix leaves another prefix in the bucket alone', async () => {
    const shared = await bucket();
    const one = await createS3BlobStore({ ...options, bucket: shared, keyPrefix: 'one/' });
    const two = await createS3BlobStore({ ...options, bucket: shared, keyPrefix: 'two/' });
    await one.put('c/c_1/i', Buffer.from('1'), { contentType: 'image/png' });
    await two.put('c/c_1/i', Buffer.from('2'), { contentType: 'image/png' });
    await one.deletePrefix!('c/');
    expect(await one.get('c/c_1/i')).toBeNull();
    const kept = await two.get('c/c_1/i');
    expect(kept).toMatchObject({ size: 1 });
    kept!.body.destroy();
    await Promise.all([one.close(), two.close()]);
  });

  it('reports a server that is not there as unavailable', async () => {
    const blobs = await createS3BlobStore({ ...options, bucket: 'no-such-bucket' });
    await expect(blobs.put('k', Buffer.from('x'), { contentType: 'image/png' })).rejects.toMatchObject({
      name: 'BlobStoreError',
      code: 'unavailable',
      retryable: true,
    });
    await blobs.close();
  });

  it('refuses a key prefix that is not whole segments', async () => {
    await expect(createS3BlobStore({ ...options, bucket: 'b', keyPrefix: '../' })).rejects.toMatchObject({
      code: 'invalid_key',
    });
  });
});
