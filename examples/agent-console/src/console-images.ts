import type { CannedReply, ImageContent } from '@kefu/protocol';
import type { AgentClient } from '@kefu/sdk/agent';
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Strings } from './strings.ts';

/** The picture a canned reply carries (see CannedReply in @kefu/protocol). */
export type CannedImage = NonNullable<CannedReply['image']>;

/**
 * An image waiting in a conversation's composer: a file the agent picked or pasted, or a canned
 * reply's picture. Once uploaded it keeps the hub's `image`, so a failed send does not upload twice.
 */
export type Attachment = (
  | { source: 'file'; file: Blob; name: string; preview?: string }
  | { source: 'canned'; url: string; alt: string }
) & { status: 'ready' | 'uploading' | 'failed'; error?: string; uploaded?: ImageContent };

export interface ConsoleImagesOptions {
  t: ReadonlySignal<Strings>;
  /** A local URL showing a picked file before it is sent (default `URL.createObjectURL`). */
  preview?: (file: Blob) => string | undefined;
  /** Lets a preview URL go (default `URL.revokeObjectURL`). */
  release?: (url: string) => void;
  /** Reads a canned reply's picture (default `fetch`). */
  fetchImage?: (url: string) => Promise<Blob>;
  /** Puts the client's current copy of a conversation on screen (after a message was read again). */
  refresh: (conversationId: string) => void;
  /** The pause before an image whose fresh read failed (connection down) is read again (default 1 s). */
  rereadPauseMs?: number;
}

/** How often an image whose fresh read failed is read again on its own (a reconnect takes seconds). */
const REREAD_TRIES = 30;

const browserPreview = (file: Blob) =>
  typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : undefined;
const browserRelease = (url: string) => {
  if (typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url);
};
async function fetchBlob(url: string): Promise<Blob> {
  const answer = await fetch(url, { credentials: 'same-origin' });
  if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
  return answer.blob();
}

/** Which of a message's two pictures: its thumbnail in the transcript, or the full one in the viewer. */
export type ImageVariant = 'thumb' | 'full';

const key = (conversationId: string, seq: number, variant: ImageVariant) =>
  `${conversationId}:${seq}:${variant}`;

/**
 * The console's photos: what an agent attaches to a reply (staged per conversation, uploaded on
 * send), and images whose signed URLs expired while the tab stayed open. An `<img>` that fails
 * asks the hub for its message again (fresh URLs) once per variant; failing again after that, it is shown
 * as unavailable (erased), so a gone image never loops. Relying on the load failing rather than
 * on the URL's expiry keeps the console out of the hub's token format and clock.
 * @example
 * const images = createConsoleImages(client, { t, refresh });
 * images.attach('c_1', file);
 * const image = await images.upload('c_1'); // then client.send('c_1', { ...image, caption })
 */
export function createConsoleImages(
  client: Pick<AgentClient, 'uploadImage' | 'imageSrc' | 'refreshMessage'>,
  options: ConsoleImagesOptions,
) {
  const preview = options.preview ?? browserPreview;
  const release = options.release ?? browserRelease;
  const fetchImage = options.fetchImage ?? fetchBlob;
  const rereadPauseMs = options.rereadPauseMs ?? 1000;
  const staged = signal<Record<string, Attachment>>({});
  /** Images shown as unavailable: they failed again after their message was read anew. */
  const broken = signal<Record<string, true>>({});
  /** Per image, the URL that failed and was read again: its later errors are not the fresh URL's. */
  const retried = new Map<string, string>();
  /** Per image whose read failed (connection down): how often, while a later try is scheduled. */
  const rereads = new Map<string, number>();

  function set(conversationId: string, next: Attachment | undefined): void {
    const before = staged.value[conversationId];
    if (
      before?.source === 'file' &&
      before.preview &&
      before.preview !== (next as { preview?: string })?.preview
    )
      release(before.preview);
    const { [conversationId]: _gone, ...rest } = staged.value;
    staged.value = next ? { ...rest, [conversationId]: next } : rest;
  }

  /**
   * An image of a message failed to load from `src`: read the message again once for fresh URLs
   * (again on a later failure, and after a pause, if that read itself failed).
   * The same stale `src` failing again (the image drawn anew before the fresh read is back, which a
   * busy machine makes likely) changes nothing; only the fresh URL failing too marks it broken.
   */
  async function failed(
    conversationId: string,
    seq: number,
    variant: ImageVariant,
    src: string,
  ): Promise<void> {
    const k = key(conversationId, seq, variant);
    const stale = retried.get(k);
    if (stale === src) return;
    if (stale !== undefined) {
      broken.value = { ...broken.value, [k]: true };
      return;
    }
    retried.set(k, src);
    // undefined: the hub has no such message (gone); a rejection: the read itself failed.
    const fresh = await client.refreshMessage(conversationId, seq).then(
      (message) => message ?? null,
      () => undefined,
    );
    if (fresh !== undefined) rereads.delete(k);
    if (fresh) options.refresh(conversationId);
    else if (fresh === null) broken.value = { ...broken.value, [k]: true };
    else {
      // A dropped connection says nothing of the image: its next failure reads it again, and so
      // does a try a moment later (an open viewer draws nothing anew to fail once reconnected).
      retried.delete(k);
      const tries = (rereads.get(k) ?? 0) + 1;
      rereads.set(k, tries);
      if (tries <= REREAD_TRIES)
        setTimeout(() => {
          if (rereads.get(k) === tries && !retried.has(k)) void failed(conversationId, seq, variant, src);
        }, rereadPauseMs);
    }
  }

  return {
    staged,
    broken,
    /** Stages a picked or pasted file (replacing what was staged). */
    attach(conversationId: string, file: Blob, name = (file as File).name ?? 'image'): void {
      const url = preview(file);
      set(conversationId, { source: 'file', file, name, ...(url ? { preview: url } : {}), status: 'ready' });
    },
    /** Stages a canned reply's picture. */
    attachCanned(conversationId: string, image: CannedImage): void {
      set(conversationId, { source: 'canned', url: image.url, alt: image.alt, status: 'ready' });
    },
    remove(conversationId: string): void {
      set(conversationId, undefined);
    },
    /**
     * Uploads what is staged (once); resolves with the hub's `image`, or undefined when there is
     * nothing or the hub refused it: then the attachment says why, in the agent's language.
     */
    async upload(conversationId: string): Promise<ImageContent | undefined> {
      let mine = staged.value[conversationId];
      if (!mine) return undefined;
      if (mine.uploaded) return mine.uploaded;
      // Changes only the attachment this upload is for: the agent may have replaced it meanwhile.
      const update = (change: Partial<Attachment>): boolean => {
        if (!mine || staged.value[conversationId] !== mine) return false;
        mine = { ...mine, ...change } as Attachment;
        staged.value = { ...staged.value, [conversationId]: mine };
        return true;
      };
      const source = mine;
      update({ status: 'uploading', error: undefined });
      let body: Blob;
      try {
        body = source.source === 'file' ? source.file : await fetchImage(client.imageSrc(source.url));
      } catch {
        update({ status: 'failed', error: options.t.value.imageFetchFailed });
        return undefined;
      }
      try {
        const uploaded = await client.uploadImage(conversationId, body);
        return update({ status: 'ready', uploaded }) ? uploaded : undefined;
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        update({ status: 'failed', error: options.t.value.uploadFailed(why) });
        return undefined;
      }
    },
    /** The staged image went out: forget it. */
    sent(conversationId: string): void {
      set(conversationId, undefined);
    },
    /** An image URL from a message, as the page loads it. */
    src: (url: string) => client.imageSrc(url),
    failed,
    /** An image loaded: it may be read again when its URLs expire next. */
    loaded(conversationId: string, seq: number, variant: ImageVariant): void {
      const k = key(conversationId, seq, variant);
      retried.delete(k);
      rereads.delete(k);
    },
    isBroken: (conversationId: string, seq: number, variant: ImageVariant) =>
      broken.value[key(conversationId, seq, variant)] === true,
  };
}

export type ConsoleImages = ReturnType<typeof createConsoleImages>;
