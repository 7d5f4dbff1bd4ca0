import { describe, expect, it } from 'vitest';
import { imageResponseHeaders } from './image-headers.ts';

describe('imageResponseHeaders', () => {
  it('serves the stored type inline, unsniffable, sandboxed, privately cached, and shown on other origins', () => {
    expect(
      imageResponseHeaders({
        mediaType: 'image/jpeg',
        size: 1234,
        imageId: 'img_1',
        variant: 'full',
        maxAgeSeconds: 600.7,
      }),
    ).toEqual({
      'Content-Type': 'image/jpeg',
      'Content-Length': '1234',
      'Content-Disposition': 'inline; filename="photo-img_1.jpg"',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=600',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  });

  it('names a thumbnail apart and, without a max age, makes the browser revalidate', () => {
    const headers = imageResponseHeaders({
      mediaType: 'image/webp',
      size: 9,
      imageId: 'i"; x=1',
      variant: 'thumb',
    });
    expect(headers['Content-Disposition']).toBe('inline; filename="photo-ix1-thumb.webp"');
    expect(headers['Cache-Control']).toBe('private, no-cache');
  });

  it.each(['text/html', 'image/svg+xml', 'application/octet-stream', 'image/jpeg; charset=utf-8'])(
    'refuses to serve %s as an image',
    (mediaType) => {
      expect(() => imageResponseHeaders({ mediaType, size: 1, imageId: 'i', variant: 'full' })).toThrow(
        TypeError,
      );
    },
  );
});
