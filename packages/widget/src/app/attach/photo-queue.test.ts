import type { ImageContent, ShopperContent } from '@kefu/protocol';
import { memoryStorage } from '@kefu/sdk/client/light';
import { describe, expect, it, vi } from 'vitest';
import { createPhotoQueue, MAX_KEPT_CHARS, type PhotoQueueDeps } from './photo-queue.ts';
import type { UploadResult } from './upload.ts';

const KEY = 'kefu:shop:photos';
const image = (id: string): ImageContent => ({
  kind: 'image',
  id,
  mediaType: 'image/jpeg',
  width: 10,
  height: 10,
  size: 100,
  url: `/images/c1/${id}/full?t=x`,
  thumbnailUrl: `/images/c1/${id}/thumb?t=x`,
});

/** A queue over fakes: the test decides when the hub is reachable and how each upload ends. */
function setup(storage = memoryStorage(), answers: UploadResult[] = [], tab = memoryStorage()) {
  let online = false;
  let n = 0;
  const uploads: string[] = [];
  const sent: { image: ImageContent; clientMsgId: string }[] = [];
  /** The stand-ins that hold each kept photo's place in the client's outbox, and those dropped. */
  const held: { content: ShopperContent; clientMsgId: string }[] = [];
  const discarded: string[] = [];
  const timers: (() => void)[] = [];
  const deps: PhotoQueueDeps = {
    storage,
    tab,
    key: KEY,
    connected: () => online,
    async upload(photo, onProgress) {
      uploads.push(photo.id);
      onProgress(0.5);
      return answers.shift() ?? { ok: true, image: image(`img${++n}`) };
    },
    send: (content, clientMsgId, hold) =>
      void (hold
        ? held.push({ content, clientMsgId })
        : sent.push({ image: content as ImageContent, clientMsgId })),
    discard: (clientMsgId) => void discarded.push(clientMsgId),
    later: (fn) => timers.push(fn),
  };
  const queue = createPhotoQueue(deps);
  return {
    queue,
    storage,
    uploads,
    sent,
    held,
    discarded,
    timers,
    goOnline() {
      online = true;
      return queue.pump();
    },
  };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the photo outbox', () => {
  it('shows a picked photo in the tray, and removing it sends nothing', async () => {
    const s = setup();
    s.queue.stage('data:image/jpeg;base64,AAAA');
    expect(s.queue.hasStaged()).toBe(true);
    s.queue.remove(s.queue.photos.value[0]?.id ?? '');
    await s.goOnline();
    expect([s.queue.photos.value, s.uploads, s.sent]).toEqual([[], [], []]);
  });

  it('keeps a photo sent offline, uploads it when connected, and sends it once under its own clientMsgId with the caption', async () => {
    const s = setup();
    s.queue.stage('data:image/jpeg;base64,AAAA');
    const id = s.queue.photos.value[0]?.id;
    s.queue.commit('the box was crushed');
    await settle();
    expect(s.uploads).toEqual([]);
    expect(s.queue.photos.value[0]).toMatchObject({
      status: 'queued',
      kept: true,
      caption: 'the box was crushed',
    });
    expect(JSON.parse(s.storage.getItem(KEY) ?? '[]')).toHaveLength(1);
    await s.goOnline();
    await settle();
    expect(s.sent).toEqual([
      { image: { ...image('img1'), caption: 'the box was crushed' }, clientMsgId: id },
    ]);
    expect(s.queue.photos.value).toEqual([]);
    expect(s.storage.getItem(KEY)).toBeNull();
    await s.queue.pump();
    expect(s.sent).toHaveLength(1);
  });

  it('after a reload, takes up the kept photos with the same clientMsgId (the hub stores one message per id)', async () => {
    const storage = memoryStorage();
    const before = setup(storage);
    before.queue.stage('data:image/png;base64,BBBB');
    const id = before.queue.photos.value[0]?.id;
    before.queue.commit();
    const after = setup(storage);
    expect(after.queue.photos.value).toMatchObject([{ id, status: 'queued', kept: true }]);
    await after.goOnline();
    await settle();
    expect(after.sent.map((x) => x.clientMsgId)).toEqual([id]);
    expect(after.sent[0]?.image.caption).toBeUndefined();
  });

  it('holds the place of each kept photo in the outbox from the moment it is sent, its caption standing in', async () => {
    const s = setup();
    s.queue.stage('data:image/jpeg;base64,AAAA');
    s.queue.stage('data:image/jpeg;base64,BBBB');
    const ids = s.queue.photos.value.map((p) => p.id);
    s.queue.commit('PHOTO caption first');
    expect(s.held).toEqual([
      { content: { kind: 'text', text: 'PHOTO caption first' }, clientMsgId: ids[0] },
      { content: { kind: 'text', text: '📷' }, clientMsgId: ids[1] },
    ]);
    // Uploaded, each fills its own place (same clientMsgId); none is dropped.
    await s.goOnline();
    await settle();
    expect(s.sent.map((x) => x.clientMsgId)).toEqual(ids);
    expect(s.discarded).toEqual([]);
  });

  it('drops the held place of a photo removed or refused, so the text after it goes', async () => {
    const s = setup(memoryStorage(), [{ ok: false, retry: false, message: 'too big', refusal: 'too_large' }]);
    s.queue.stage('data:image/jpeg;base64,AAAA');
    s.queue.stage('data:image/jpeg;base64,BBBB');
    const [refused, removed] = s.queue.photos.value.map((p) => p.id);
    s.queue.commit();
    s.queue.remove(removed ?? '');
    await s.goOnline();
    await settle();
    expect(s.discarded).toEqual([removed, refused]);
  });

  it('sends the caption of a photo refused for good as text in its held place', async () => {
    const s = setup(memoryStorage(), [
      { ok: false, retry: false, message: 'polyglot', refusal: 'unreadable' },
    ]);
    s.queue.stage('data:image/jpeg;base64,AAAA');
    const [id] = s.queue.photos.value.map((p) => p.id);
    s.queue.commit('the lid arrived cracked');
    await s.goOnline();
    await settle();
    expect(s.discarded).toEqual([]);
    expect(s.sent).toEqual([{ image: { kind: 'text', text: 'the lid arrived cracked' }, clientMsgId: id }]);
    expect(s.queue.photos.value[0]?.status).toBe('failed');
  });

  it('keeps photos only up to the size limit, and says which are not kept', () => {
    const s = setup();
    const big = `data:image/jpeg;base64,${'A'.repeat(MAX_KEPT_CHARS - 100)}`;
    s.queue.stage(big);
    s.queue.stage(
      'data:image/jpeg;base64,CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC',
    );
    s.queue.commit('two photos');
    expect(s.queue.photos.value.map((p) => [p.kept, p.caption])).toEqual([
      [true, 'two photos'],
      [false, undefined],
    ]);
    expect(JSON.parse(s.storage.getItem(KEY) ?? '[]')).toHaveLength(1);
    // One not kept holds no place: after a reload nothing would come to fill it.
    expect(s.held.map((h) => h.clientMsgId)).toEqual([s.queue.photos.value[0]?.id]);
  });

  // Prototype.js 1.6 (the Magento 1 shops of 2008–2013) replaces Array#reduce with its own, which
  // returns the array or its first element: the photos sent offline were never kept for a reload.
  it("keeps photos on a page whose Array#reduce is Prototype.js 1.6's", () => {
    const native = Object.getOwnPropertyDescriptor(Array.prototype, 'reduce')!;
    Object.defineProperty(Array.prototype, 'reduce', {
      ...native,
      value(this: unknown[]) {
        return this.length > 1 ? this : this[0];
      },
    });
    try {
      const storage = memoryStorage();
      const first = setup(storage);
      first.queue.stage('data:image/jpeg;base64,AAAA');
      first.queue.commit();
      const s = setup(storage);
      s.queue.stage('data:image/jpeg;base64,BBBB');
      s.queue.commit('the second');
      expect(s.queue.photos.value.map((p) => p.kept)).toEqual([true, true]);
      expect(JSON.parse(storage.getItem(KEY) ?? '[]')).toHaveLength(2);
    } finally {
      Object.defineProperty(Array.prototype, 'reduce', native);
    }
  });

  it('says a photo is not kept when storage refuses it (full, or private mode)', () => {
    const full = {
      ...memoryStorage(),
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const s = setup(full);
    s.queue.stage('data:image/jpeg;base64,AAAA');
    s.queue.commit();
    expect(s.queue.photos.value[0]?.kept).toBe(false);
  });

  it('forgets every photo, in the tray and kept, when the shopper is forgotten', async () => {
    const s = setup();
    s.queue.stage('data:image/jpeg;base64,AAAA');
    s.queue.commit();
    s.queue.stage('data:image/jpeg;base64,BBBB');
    s.queue.clear();
    expect(s.queue.photos.value).toEqual([]);
    expect(s.storage.getItem(KEY)).toBeNull();
    await s.goOnline();
    expect(s.uploads).toEqual([]);
  });

  it('waits longer after each failure for now, up to a minute', async () => {
    const delays: number[] = [];
    const queue = createPhotoQueue({
      storage: memoryStorage(),
      tab: memoryStorage(),
      key: KEY,
      connected: () => true,
      upload: async () => ({ ok: false, retry: true, message: 'HTTP 503' }),
      send: () => {},
      discard: () => {},
      later: (fn, ms) => {
        delays.push(ms);
        if (delays.length < 7) queueMicrotask(fn);
      },
    });
    queue.stage('data:image/jpeg;base64,AAAA');
    queue.commit();
    await vi.waitFor(() => expect(delays).toHaveLength(7));
    expect(delays).toEqual([3000, 6000, 12_000, 24_000, 48_000, 60_000, 60_000]);
  });

  it('shows the upload progress while it lasts, and only one upload at a time', async () => {
    let finish: (r: UploadResult) => void = () => {};
    let progress: (f: number) => void = () => {};
    let uploads = 0;
    const queue = createPhotoQueue({
      storage: memoryStorage(),
      tab: memoryStorage(),
      key: KEY,
      connected: () => true,
      upload: (_photo, onProgress) => {
        uploads++;
        progress = onProgress;
        return new Promise((resolve) => {
          finish = resolve;
        });
      },
      send: () => {},
      discard: () => {},
    });
    queue.stage('data:image/jpeg;base64,AAAA');
    queue.stage('data:image/jpeg;base64,BBBB');
    queue.commit();
    expect(queue.photos.value.map((p) => p.progress)).toEqual([0, undefined]);
    progress(0.4);
    expect(queue.photos.value[0]?.progress).toBe(0.4);
    void queue.pump();
    expect(uploads).toBe(1);
    finish({ ok: true, image: image('img1') });
    await vi.waitFor(() => expect(uploads).toBe(2));
    expect(queue.photos.value.map((p) => p.progress)).toEqual([0]);
  });

  it('tries a photo again after a failure for now, and marks it failed when the hub refuses the file', async () => {
    const s = setup(memoryStorage(), [
      { ok: false, retry: true, message: 'network' },
      { ok: false, retry: false, message: 'unsupported_type: not an image', refusal: 'unreadable' },
    ]);
    s.queue.stage('data:image/jpeg;base64,AAAA');
    s.queue.commit();
    await s.goOnline();
    expect(s.queue.photos.value[0]).toMatchObject({ status: 'queued' });
    expect(s.timers).toHaveLength(1);
    s.timers[0]?.();
    await settle();
    expect(s.uploads).toHaveLength(2);
    expect(s.queue.photos.value[0]).toMatchObject({
      status: 'failed',
      error: 'unreadable',
    });
    expect(s.storage.getItem(KEY)).toBeNull();
    expect(s.sent).toEqual([]);
  });
});

describe('photo queue shared by two tabs', () => {
  it('uploads a photo another tab kept, and does not send one that tab removed or sent meanwhile', async () => {
    const storage = memoryStorage();
    const first = setup(storage);
    first.queue.stage('data:image/jpeg;base64,AAAA');
    first.queue.commit('crushed box');
    const id = first.held[0]!.clientMsgId;
    // A tab open all along (its queue made before the photo was kept) uploads it once online.
    const second = setup(storage);
    second.queue.photos.value = [];
    await second.goOnline();
    await settle();
    expect(second.sent.map((s) => [s.clientMsgId, s.image.caption])).toEqual([[id, 'crushed box']]);

    // Removed in the first tab while the second uploads it: not sent from the second.
    first.queue.stage('data:image/jpeg;base64,BBBB');
    first.queue.commit();
    const removed = first.held[1]!.clientMsgId;
    const upload = second.goOnline();
    first.queue.remove(removed);
    await upload;
    await settle();
    expect(second.sent.map((s) => s.clientMsgId)).toEqual([id]);
    expect(second.queue.photos.value).toEqual([]);
  });

  it('marks a photo another tab queued as theirs, and one this tab queued before its reload as its own', () => {
    const storage = memoryStorage();
    const firstTab = memoryStorage();
    const first = setup(storage, [], firstTab);
    first.queue.stage('data:image/jpeg;base64,AAAA');
    first.queue.commit('mine');
    expect(first.queue.photos.value[0]?.theirs).toBeUndefined();
    // Another tab (without Web Locks, it takes the photo up at once): the photo is not its own.
    const second = setup(storage);
    expect(second.queue.photos.value.map((p) => [p.caption, p.theirs])).toEqual([['mine', true]]);
    // The first tab reloaded (its session storage stays): the photo is still its own.
    const reloaded = setup(storage, [], firstTab);
    expect(reloaded.queue.photos.value.map((p) => [p.caption, p.theirs])).toEqual([['mine', undefined]]);
  });
});
