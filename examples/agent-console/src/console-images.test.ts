import type { ImageContent } from '@kefu/protocol';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createConsoleImages } from './console-images.ts';
import { STRINGS } from './strings.ts';
import { imageContent, textMessage } from './testing/fake-client.ts';

/** A client whose uploads wait until the test lets each one finish. */
function slowClient() {
  const waiting: ((image: ImageContent) => void)[] = [];
  return {
    waiting,
    client: {
      uploadImage: () => new Promise<ImageContent>((resolve) => waiting.push(resolve)),
      imageSrc: (url: string) => new URL(url, 'http://hub.test').href,
      refreshMessage: async () => undefined,
    },
  };
}

const options = {
  t: signal(STRINGS.en),
  preview: () => undefined,
  release: () => {},
  refresh: () => {},
};

describe('console images', () => {
  it('uploads once: a send retried after a failure reuses the image the hub already has', async () => {
    const slow = slowClient();
    const images = createConsoleImages(slow.client, options);
    images.attach('c1', new Blob(['x']), 'a.jpg');
    const first = images.upload('c1');
    expect(images.staged.value.c1?.status).toBe('uploading');
    slow.waiting[0]!(imageContent('img_1', 'c1'));
    expect((await first)?.id).toBe('img_1');
    expect((await images.upload('c1'))?.id).toBe('img_1');
    expect(slow.waiting).toHaveLength(1);
  });

  it('drops the answer of an upload whose image the agent replaced meanwhile', async () => {
    const slow = slowClient();
    const images = createConsoleImages(slow.client, options);
    images.attach('c1', new Blob(['x']), 'first.jpg');
    const first = images.upload('c1');
    images.attach('c1', new Blob(['y']), 'second.jpg');
    slow.waiting[0]!(imageContent('img_1', 'c1'));
    expect(await first).toBeUndefined();
    expect(images.staged.value.c1).toMatchObject({ name: 'second.jpg', status: 'ready' });
    expect(images.staged.value.c1?.uploaded).toBeUndefined();
  });

  it('says so when a canned reply’s picture cannot be read', async () => {
    const images = createConsoleImages(slowClient().client, {
      ...options,
      fetchImage: async () => {
        throw new Error('HTTP 404');
      },
    });
    images.attachCanned('c1', { url: '/assets/gone.png', alt: 'gone' });
    expect(await images.upload('c1')).toBeUndefined();
    expect(images.staged.value.c1).toMatchObject({ status: 'failed', error: STRINGS.en.imageFetchFailed });
  });

  it('reads an image again on its own, a moment after its fresh read failed (an open viewer fails no more)', async () => {
    let reads = 0;
    const refreshed: string[] = [];
    const images = createConsoleImages(
      {
        ...slowClient().client,
        refreshMessage: async (conversationId: string, seq: number) => {
          reads++;
          // The connection is down for the first two reads, then back.
          if (reads <= 2) throw new Error('not connected to the hub');
          return textMessage(conversationId, seq, 'shopper', 'photo');
        },
      },
      { ...options, refresh: (id) => refreshed.push(id), rereadPauseMs: 5 },
    );
    await images.failed('c1', 2, 'full', 'http://hub.test/i/img_1?t=old');
    expect(refreshed).toEqual([]);
    await expect.poll(() => refreshed).toEqual(['c1']);
    expect(reads).toBe(3);
    expect(images.isBroken('c1', 2, 'full')).toBe(false);
  });
});
