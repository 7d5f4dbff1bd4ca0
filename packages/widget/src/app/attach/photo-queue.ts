import type { ShopperContent } from '@kefu/protocol';
import { type KeyValueStorage, randomToken, toJson } from '@kefu/sdk/client/light';
import { signal } from '@preact/signals-core';
import type { PhotoRefusal, UploadResult } from './upload.ts';

/** The most photo bytes kept across a reload, as `data:` URL characters (the page's storage is small and shared). */
export const MAX_KEPT_CHARS = 3_000_000;
/** Pause before an upload that failed for now is tried again while connected, doubling up to a minute. */
const RETRY_MS = 3000;
const MAX_RETRY_MS = 60_000;

/** A photo in the composer's tray: picked (`staged`), sent and waiting to upload (`queued`), or refused. */
export interface Photo {
  /** The clientMsgId of the message it becomes: the same for every upload of it, across reloads. */
  id: string;
  /** The (downscaled) photo as a `data:` URL. */
  data: string;
  caption?: string;
  status: 'staged' | 'queued' | 'failed';
  /** A queued photo that survives a reload; false when it did not fit in MAX_KEPT_CHARS or storage. */
  kept?: boolean;
  /** An upload of it failed for now (the hub busy, the network dropped mid-way): it is being tried again. */
  retrying?: true;
  /** Uploaded fraction, 0–1, while uploading. */
  progress?: number;
  /** Why the hub refused it for good; the tray says it in the shopper's language, never the hub's words. */
  error?: PhotoRefusal;
  /** Queued in another tab (closed since, or without Web Locks): this tab sends it, its tray does not show it. */
  theirs?: true;
}

export interface PhotoQueueDeps {
  storage: KeyValueStorage;
  /** This tab's own storage (`sessionStorage`): which kept photos it queued, across its reloads. */
  tab: KeyValueStorage;
  /** Where the queued photos are kept, e.g. `kefu:<site>:photos`. */
  key: string;
  /** True while the hub has welcomed this client (a session and a conversation to upload to). */
  connected(): boolean;
  upload(photo: Photo, onProgress: (fraction: number) => void): Promise<UploadResult>;
  /**
   * Queues the message carrying the uploaded image: `client.send(image, clientMsgId)`; with `held`,
   * a stand-in that keeps its place in the outbox until then (`client.send(content, id, true)`).
   */
  send(content: ShopperContent, clientMsgId: string, held?: true): void;
  /** Drops a held stand-in: the photo will not be sent (`client.discard`). */
  discard(clientMsgId: string): void;
  later?: (fn: () => void, ms: number) => unknown;
}

type Kept = Pick<Photo, 'id' | 'data' | 'caption'>;

const has = (list: { id: string }[], id: string) => list.some((p) => p.id === id);

/**
 * The photos of one chat, like the text outbox: a photo sent while offline is kept (in storage,
 * within MAX_KEPT_CHARS) and uploaded when the hub is back, then sent as a message under the
 * clientMsgId it got when the shopper sent it. It leaves storage only once that message is in the
 * client's outbox, in the same task; should the page die between the upload and that, the photo is
 * uploaded again after the reload and sent under the same id, which the hub stores only once.
 * A kept photo holds its place in the outbox from the moment it is sent (its caption stands in
 * for it there), so text typed after it waits for its upload: it was stored first, even after a
 * reload. One not kept holds none: after a reload nothing would come to fill the place.
 * @example
 * const q = createPhotoQueue({ storage, key, connected, upload, send, discard });
 * q.stage(dataUrl); q.commit('the box was crushed');
 */
export function createPhotoQueue(deps: PhotoQueueDeps) {
  const later = deps.later ?? ((fn, ms) => setTimeout(fn, ms));
  const parse = <T>(store: KeyValueStorage): T[] => {
    try {
      return JSON.parse(store.getItem(deps.key) ?? '[]');
    } catch {
      return [];
    }
  };
  const read = () => parse<Kept>(deps.storage);
  // The ids of the photos this tab staged: storage is shared by the shop's tabs, the tray is not.
  const mine = new Set(parse<string>(deps.tab));
  const photos = signal<Photo[]>([]);
  let busy = false;
  let waiting = false;
  let failures = 0;

  // Each tab holds a lock on the kept photos it uploads, until the tab closes (or the shopper is
  // forgotten): another tab takes a kept photo only once its lock is free, so a photo is not
  // uploaded twice while both tabs are open, and is not left behind when its tab closes.
  const locks = globalThis.navigator?.locks;
  const held = new Map<string, () => void>();
  const watched = new Set<string>();
  const lockName = (id: string) => `${deps.key}:${id}`;
  const hold = (id: string) =>
    void locks?.request(lockName(id), () => new Promise<void>((release) => held.set(id, release)));
  const release = (id: string) => {
    held.get(id)?.();
    held.delete(id);
  };
  // A photo this tab sent, removed or had refused keeps its lock until the tab closes: another tab
  // granted the lock may still read the photo in its copy of localStorage, which reaches other tabs
  // in no fixed order with the lock's release, and would upload it a second time.
  const update = (id: string, change: Partial<Photo> | null) => {
    photos.value = photos.value.flatMap((p) => (p.id !== id ? [p] : change ? [{ ...p, ...change }] : []));
  };
  /** Takes a photo another tab kept, once no tab holds it; until then, waits for its lock. */
  const adopt = (k: Kept) => {
    const add = () => {
      if (!has(photos.value, k.id))
        photos.value = [
          ...photos.value,
          { ...k, status: 'queued', kept: true, ...(mine.has(k.id) ? {} : { theirs: true as const }) },
        ];
      void pump();
    };
    if (!locks) return add();
    if (watched.has(k.id)) return;
    watched.add(k.id);
    void locks
      .request(lockName(k.id), { ifAvailable: true }, (lock) =>
        lock
          ? new Promise<void>((release) => {
              held.set(k.id, release);
              add();
            })
          : undefined,
      )
      .then(() => {
        if (held.has(k.id)) return;
        // Another tab has it: look again once it lets go (sent it, or closed).
        void locks
          .request(lockName(k.id), () => {})
          .then(() => {
            watched.delete(k.id);
            void pump();
          });
      });
  };
  /** Writes the queued photos that fit; answers whether storage took them. */
  const save = (list: Kept[]) => {
    try {
      if (list.length) deps.storage.setItem(deps.key, toJson(list));
      else deps.storage.removeItem(deps.key);
      return true;
    } catch {
      return false;
    }
  };
  const forget = (id: string) => save(read().filter((p) => p.id !== id));

  // Photos kept before a reload, or by another tab (taken once that tab lets go of them).
  for (const k of read()) adopt(k);

  async function pump(): Promise<void> {
    if (busy) return;
    // Storage is shared by the shop's tabs: take the photos another tab kept (it may have closed,
    // and its photo holds a place in the outbox this tab sends), and drop those it sent or removed.
    const kept = read();
    const stay = photos.value.filter((p) => !p.kept || p.status !== 'queued' || has(kept, p.id));
    // Written only on a change: pump runs in an effect, which a write would run again (a cycle).
    if (stay.length < photos.value.length) {
      for (const p of photos.value) if (!stay.includes(p)) release(p.id);
      photos.value = stay;
    }
    for (const k of kept) if (!has(photos.value, k.id)) adopt(k);
    const next = photos.value.find((p) => p.status === 'queued');
    if (!next || !deps.connected()) return;
    busy = true;
    update(next.id, { progress: 0 });
    const result = await deps.upload(next, (progress) => update(next.id, { progress }));
    busy = false;
    if (!photos.value.some((p) => p.id === next.id)) return pump();
    // Another tab sent it (under the same id) or the shopper removed it there, meanwhile.
    if (next.kept && !read().some((p) => p.id === next.id)) {
      update(next.id, null);
      return pump();
    }
    if (result.ok) {
      failures = 0;
      deps.send(next.caption ? { ...result.image, caption: next.caption } : result.image, next.id);
      forget(next.id);
      update(next.id, null);
    } else if (result.retry) {
      update(next.id, { progress: undefined, retrying: true });
      if (!waiting) {
        waiting = true;
        later(
          () => {
            waiting = false;
            void pump();
          },
          Math.min(RETRY_MS * 2 ** failures++, MAX_RETRY_MS),
        );
      }
      return;
    } else {
      forget(next.id);
      // Refused for good: the shopper's caption still goes, as text in the photo's place.
      if (next.caption) deps.send({ kind: 'text', text: next.caption }, next.id);
      else deps.discard(next.id);
      update(next.id, { status: 'failed', error: result.refusal ?? 'refused', progress: undefined });
    }
    return pump();
  }

  return {
    photos,
    /** Adds a picked photo to the tray, for the shopper to see before sending. */
    stage(data: string): void {
      const id = randomToken();
      // Its lock is taken now, well before other tabs can see it in storage (at commit): a lock
      // asked for in the same moment might reach the browser after another tab's.
      hold(id);
      mine.add(id);
      photos.value = [...photos.value, { id, data, status: 'staged' }];
    },
    /** Takes a photo out of the tray, or drops a queued or refused one (it is not sent). */
    remove(id: string): void {
      forget(id);
      deps.discard(id);
      update(id, null);
    },
    /** True while a photo waits in the tray to be sent. */
    hasStaged: () => photos.value.some((p) => p.status === 'staged'),
    /**
     * Sends what is in the tray: the caption goes with the first photo. Each is kept for after a
     * reload while the kept photos stay under MAX_KEPT_CHARS; the others say they are not kept.
     */
    commit(caption?: string): void {
      const list = read();
      // A loop, not Array#reduce: Prototype.js 1.6 (old Magento pages) replaces reduce with its own.
      let size = 0;
      for (const p of list) size += p.data.length;
      let first = true;
      const sent = photos.value.map((p) => {
        if (p.status !== 'staged') return p;
        const next: Photo = { ...p, status: 'queued', kept: false };
        if (first && caption) next.caption = caption;
        first = false;
        if (size + p.data.length <= MAX_KEPT_CHARS) {
          size += p.data.length;
          list.push({ id: next.id, data: next.data, ...(next.caption ? { caption: next.caption } : {}) });
          next.kept = true;
        }
        return next;
      });
      const before = new Set(photos.value.filter((p) => p.status === 'staged').map((p) => p.id));
      // Storage refused (full, or private mode): the photos go while the page is open, and say so.
      const stored = save(list);
      photos.value = stored ? sent : sent.map((p) => (before.has(p.id) ? { ...p, kept: false } : p));
      // Only the ids still kept, so this tab's record stays as small as the queue.
      try {
        deps.tab.setItem(deps.key, toJson([...mine].filter((id) => has(list, id))));
      } catch {
        // No session storage: after a reload the tray leaves these out, and they are still sent.
      }
      for (const p of photos.value)
        if (before.has(p.id) && p.kept) deps.send({ kind: 'text', text: p.caption || '📷' }, p.id, true);
      void pump();
    },
    /** Uploads what is queued, if connected: call when the hub welcomes this client. */
    pump,
    /** The shopper was forgotten (logout, another person signed in): none of their photos is sent or kept. */
    clear(): void {
      for (const id of [...held.keys()]) release(id);
      photos.value = [];
      save([]);
    },
  };
}

export type PhotoQueue = ReturnType<typeof createPhotoQueue>;
