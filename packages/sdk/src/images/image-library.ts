import type { Readable } from 'node:stream';
import type { ImageContent, Message } from '@kefu/protocol';
import { KefuError } from '@kefu/protocol';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { ClassifiableImage } from '../seams/classify-image.ts';
import type { DecodeQueue } from './decode-queue.ts';
import type { ImageRefusal } from './image-refusal.ts';
import { type ImageVariant, signImageUrl, verifyImageUrl } from './image-url.ts';
import { type ImageIntakeOptions, processImage } from './process-image.ts';

/** The hub's `images` option: photos are taken only when it is set. */
export interface HubImageOptions {
  /** Where the re-encoded images live (`createLocalFolderBlobStore`, `createSqlBlobStore`, `createS3BlobStore`). */
  blobStore: BlobStore;
  /** Largest upload, in bytes (default 10 MB). */
  maxBytes?: number;
  /** Largest canvas decoded, width × height (default 50 megapixels: a phone's full-resolution photo). */
  maxPixels?: number;
  /** Photos decoded at once on this node (default 2); each holds one of libuv's 4 threads for up to seconds. */
  maxConcurrentDecodes?: number;
  /** Uploads waiting for a decode (default 8); more are refused `rate_limited` (429, retryable). */
  maxWaitingDecodes?: number;
  /** How long an upload waits for a decode before it is refused `rate_limited` (default 10 s). */
  decodeWaitMs?: number;
  /** How long a signed image URL works (default 1 hour); the hub signs anew whenever it sends a message. */
  urlTtlMs?: number;
  /** The key image URLs are signed with (default: the hub's `secret`). At least 16 characters. */
  secret?: string;
  /**
   * Page origins of agent consoles served from another origin than the hub, e.g.
   * `https://desk.example` (same patterns as a site's `origins`): their agents' uploads get the
   * CORS grant. Sites' `origins` have it already; a console on the hub's own origin needs none.
   */
  consoleOrigins?: string[];
}

/** What the library keeps beside the two variants: the image as the protocol describes it. */
interface ImageRecord {
  mediaType: ImageContent['mediaType'];
  width: number;
  height: number;
  size: number;
}

export type ImageIntake = { ok: true; image: ImageContent } | { ok: false; error: ImageRefusal };

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const key = (conversationId: string, imageId: string, part: ImageVariant | 'meta') =>
  `c/${conversationId}/${imageId}/${part}`;

/**
 * A conversation's photos: taken in (checked, re-encoded, stored under
 * `c/<conversationId>/<imageId>/{full,thumb,meta}`), named in messages by id, served by signed
 * expiring URLs, and erased with their conversation. The one home of the blob layout.
 * @example
 * const library = createImageLibrary({ blobStore, secret, clock, ids, decodes: createDecodeQueue(clock) });
 * const intake = await library.intake('c_1', bytes);
 * if (intake.ok) client.send(intake.image);
 */
export function createImageLibrary(o: {
  blobStore: BlobStore;
  secret: string;
  clock: Clock;
  ids: IdGenerator;
  urlTtlMs: number;
  intake: Pick<ImageIntakeOptions, 'maxBytes' | 'maxPixels'>;
  /** The node's decode queue: every intake decodes through it. */
  decodes: DecodeQueue;
}) {
  const { blobStore } = o;

  /** The content with URLs signed from now, for `urlTtlMs`. */
  function sign(conversationId: string, content: ImageContent): ImageContent {
    const expiresAt = o.clock.now() + o.urlTtlMs;
    const url = (variant: ImageVariant) =>
      signImageUrl({ conversationId, imageId: content.id, variant, expiresAt }, o.secret);
    return { ...content, url: url('full'), thumbnailUrl: url('thumb') };
  }

  return {
    sign,

    /** Checks and stores an upload; a refusal is a value with the intake's code. */
    async intake(conversationId: string, bytes: Buffer): Promise<ImageIntake> {
      const decoded = await o.decodes.run(() => processImage(bytes, o.intake));
      if (!decoded.ok) return decoded;
      const result = decoded.value;
      if (!result.ok) return result;
      const id = o.ids('img');
      const { image, thumbnail } = result;
      const record: ImageRecord = {
        mediaType: image.mediaType,
        width: image.width,
        height: image.height,
        size: image.size,
      };
      // The record last: an image is known (and may be sent) only once both variants are stored.
      await blobStore.put(key(conversationId, id, 'full'), image.bytes, { contentType: image.mediaType });
      await blobStore.put(key(conversationId, id, 'thumb'), thumbnail.bytes, {
        contentType: thumbnail.mediaType,
      });
      await blobStore.put(key(conversationId, id, 'meta'), Buffer.from(JSON.stringify(record)), {
        contentType: 'application/json',
      });
      return {
        ok: true,
        image: sign(conversationId, { kind: 'image', id, ...record, url: '/', thumbnailUrl: '/' }),
      };
    },

    /**
     * The image a client names in a message, as this hub stored it for this conversation: only the
     * id and caption are the client's, so nobody can send a URL of their own or another
     * conversation's photo. `not_found` otherwise.
     */
    async resolve(conversationId: string, content: ImageContent): Promise<ImageContent> {
      const meta = /^[A-Za-z0-9_-]{1,100}$/.test(content.id)
        ? await blobStore.get(key(conversationId, content.id, 'meta'))
        : null;
      if (!meta)
        throw new KefuError('not_found', `image ${content.id} was not uploaded to this conversation`);
      const chunks: Buffer[] = [];
      for await (const chunk of meta.body) chunks.push(chunk as Buffer);
      const record = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ImageRecord;
      return sign(conversationId, {
        kind: 'image',
        id: content.id,
        ...record,
        url: '/',
        thumbnailUrl: '/',
        ...(content.caption === undefined ? {} : { caption: content.caption }),
      });
    },

    /** The stored full image as the recognizer gets it (the re-encoded bytes, never the upload); null when gone. */
    async classifiable(conversationId: string, content: ImageContent): Promise<ClassifiableImage | null> {
      const blob = await blobStore.get(key(conversationId, content.id, 'full'));
      if (!blob) return null;
      return {
        id: content.id,
        bytes: await readAll(blob.body),
        mediaType: content.mediaType,
        width: content.width,
        height: content.height,
        ...(content.caption === undefined ? {} : { caption: content.caption }),
      };
    },

    /**
     * A stored message as one viewer gets it: an image with URLs signed now for a client that said
     * it reads images (`hello.features`), else a text line with the caption and the link, which a
     * v1 client without the feature reads (its decoder refuses unknown kinds).
     */
    present(message: Message, readsImages: boolean): Message {
      const { content } = message;
      if (content.kind !== 'image') return message;
      const signed = sign(message.conversationId, content);
      if (readsImages) return { ...message, content: signed };
      const text = [content.caption, signed.url].filter(Boolean).join('\n');
      return { ...message, content: { kind: 'text', text } };
    },

    /**
     * The blob behind a signed URL (`/images/<conversationId>/<imageId>/<variant>?t=…`) if it is
     * valid now. The URL is the capability, as an <img> sends no token: its signature binds the
     * conversation, image and variant in the path, so changing any of them is refused.
     */
    async open(url: string) {
      const conversationId = /^\/images\/([A-Za-z0-9_-]{1,100})\//.exec(url)?.[1] ?? '';
      const verdict = verifyImageUrl(url, o.secret, { now: o.clock.now(), conversationId });
      if (!verdict.ok) return verdict;
      const { imageId, variant } = verdict.claims;
      const blob = await blobStore.get(key(conversationId, imageId, variant));
      return { ok: true as const, claims: verdict.claims, blob };
    },

    /** Removes one photo, both variants and its record (an upload taken back). */
    async remove(conversationId: string, imageId: string): Promise<void> {
      // By prefix where the store can: a folder store then leaves no empty folder named for it.
      if (blobStore.deletePrefix) return blobStore.deletePrefix(`c/${conversationId}/${imageId}/`);
      // The record first: without it the image can no longer be sent, whatever else remains.
      for (const part of ['meta', 'full', 'thumb'] as const)
        await blobStore.delete(key(conversationId, imageId, part));
    },

    /** Removes every photo of the conversation (erasure, retention). */
    async erase(conversationId: string): Promise<void> {
      if (!blobStore.deletePrefix)
        throw new KefuError(
          'internal',
          'the images blob store cannot delete by prefix; photos were not erased',
        );
      await blobStore.deletePrefix(`c/${conversationId}/`);
    },
  };
}

export type ImageLibrary = ReturnType<typeof createImageLibrary>;

/**
 * How one connection gets messages: photos signed anew, or as text when its hello did not list
 * the `image` feature. The identity without a library (then no message holds a photo).
 */
export function presenter(
  library: ImageLibrary | undefined,
  features: readonly string[] | undefined,
): (message: Message) => Message {
  if (!library) return (message) => message;
  const readsImages = features?.includes('image') ?? false;
  return (message) => library.present(message, readsImages);
}
