import type { Readable } from 'node:stream';

/**
 * Where image bytes (and later other files) live, apart from the conversation store: a local
 * folder for the demo, PostgreSQL `bytea` for a cluster that has nothing else, S3 in production.
 * Keys are `/`-separated paths checked by {@link assertBlobKey}, so no key can climb out of its
 * folder or bucket prefix; a conversation's blobs share a prefix so erasure is one
 * {@link BlobStore.deletePrefix} call.
 * @example
 * await blobs.put(`c/${conversationId}/${imageId}/full`, jpeg, { contentType: 'image/jpeg' });
 * const blob = await blobs.get(`c/${conversationId}/${imageId}/full`);
 * if (blob) blob.body.pipe(response);
 */
export interface BlobStore {
  /** Stores `body` under `key`, replacing what was there; readers see the old or the new bytes, never a mix. */
  put(key: string, body: Uint8Array | Readable, options: BlobPutOptions): Promise<{ size: number }>;
  /** The blob, or null when there is none. Read its `body` to the end or destroy it. */
  get(key: string): Promise<StoredBlob | null>;
  /** Removes the blob; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Removes every blob whose key starts with `prefix`, which must end with `/` (so `c/c_1/` never
   * takes `c/c_10/…`). Optional for stores of your own; the three built in have it.
   */
  deletePrefix?(prefix: string): Promise<void>;
  /** Releases what the store opened itself; a pool, database or client handed in stays open. */
  close(): Promise<void>;
}

export interface BlobPutOptions {
  /** The media type to serve the bytes with, e.g. `image/jpeg`. */
  contentType: string;
}

export interface StoredBlob {
  /** The bytes, streamed: one read only. */
  body: Readable;
  contentType: string;
  /** Byte length of `body`. */
  size: number;
}

/**
 * Stable codes of {@link BlobStoreError}: `invalid_key` and `invalid_content_type` are the
 * caller's mistake (retrying cannot help); `unavailable` is the backend failing (disk, database,
 * network), worth a retry; `closed` is a call after `close()`.
 */
export type BlobStoreErrorCode = 'invalid_key' | 'invalid_content_type' | 'unavailable' | 'closed';

/**
 * The error a blob store throws, with a stable `code`; the backend's own error is the `cause`.
 * An error of a body stream the caller passed to `put` (an upload cut off) is passed through as is.
 * @example
 * try { await blobs.put(key, bytes, { contentType }) }
 * catch (error) { if (error instanceof BlobStoreError && error.code === 'unavailable') retryLater() }
 */
export class BlobStoreError extends Error {
  readonly code: BlobStoreErrorCode;
  readonly retryable: boolean;
  constructor(code: BlobStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BlobStoreError';
    this.code = code;
    this.retryable = code === 'unavailable';
  }
}

const SEGMENT = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';
const KEY = new RegExp(`^${SEGMENT}(?:/${SEGMENT}){0,15}$`);
const PREFIX = new RegExp(`^(?:${SEGMENT}/){1,15}$`);
/** `type/subtype`, lower case, the way the intake writes them; no parameters, nothing to inject into a header. */
const CONTENT_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,99}$/;

/**
 * Throws `invalid_key` unless `key` is 1–16 `/`-separated segments of letters, digits, `.`, `_`
 * and `-`, each starting with a letter or digit (so no `..`, no hidden files, no absolute path,
 * no backslash), at most 512 characters: the same on a file system, in SQL and in S3.
 */
export function assertBlobKey(key: string): void {
  if (key.length > 512 || !KEY.test(key))
    throw new BlobStoreError('invalid_key', `invalid blob key ${show(key)}`);
}

/** Throws `invalid_key` unless `prefix` is one or more key segments, each followed by `/`. */
export function assertBlobPrefix(prefix: string): void {
  if (prefix.length > 512 || !PREFIX.test(prefix))
    throw new BlobStoreError('invalid_key', `invalid blob prefix ${show(prefix)} (segments, ending with /)`);
}

export function assertContentType(contentType: string): void {
  if (!CONTENT_TYPE.test(contentType))
    throw new BlobStoreError('invalid_content_type', `invalid content type ${show(contentType)}`);
}

/** Collects a body into one buffer, for the backends that store a blob as one value. */
export async function bodyBytes(body: Uint8Array | Readable): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Runs a backend call, turning its failure into `unavailable` (disk full, database down …). */
export async function backend<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new BlobStoreError('unavailable', `${what}: ${(error as Error).message}`, { cause: error });
  }
}

function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
