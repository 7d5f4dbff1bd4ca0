import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import {
  IMAGE_INTAKE_DEFAULTS,
  type ImageIntakeResult,
  MAX_IMAGE_SIDE,
  processImage,
} from './process-image.ts';
import {
  blackPng,
  flatAvif,
  hasGpsPointer,
  jpegWithGps,
  pngDeclaring,
  progressiveScanBomb,
  solid,
} from './test-fixtures.ts';

/** Every buffer sharp was opened on, by processImage or the fixtures: the mock only counts, then calls sharp. */
const opened = vi.hoisted(() => [] as unknown[]);
vi.mock('sharp', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: typeof sharp }).default;
  const counting = (...args: Parameters<typeof real>) => {
    opened.push(args[0]);
    return real(...args);
  };
  return { default: Object.assign(counting, real) };
});

function transparentPng(): Promise<Buffer> {
  const background = { r: 0, g: 0, b: 0, alpha: 0.5 };
  return sharp({ create: { width: 2500, height: 500, channels: 4, background } })
    .png()
    .toBuffer();
}

function refusal(result: ImageIntakeResult): { code: string; message: string } {
  if (result.ok) throw new Error('expected a refusal, got an image');
  return { code: result.error.code, message: result.error.message };
}

function accepted(result: ImageIntakeResult) {
  if (!result.ok) throw new Error(`expected an image, got ${result.error.code}: ${result.error.message}`);
  return result;
}

describe('processImage: accepted types', () => {
  it.each(['jpeg', 'png', 'gif', 'webp', 'avif'] as const)(
    'accepts a %s by its bytes and re-encodes it as JPEG with a thumbnail',
    async (format) => {
      const result = accepted(await processImage(await solid(640, 480, format)));
      expect(result.source).toBe(format);
      expect(result.image).toMatchObject({ mediaType: 'image/jpeg', width: 640, height: 480 });
      expect(result.thumbnail).toMatchObject({ mediaType: 'image/jpeg', width: 320, height: 240 });
      expect(result.image.size).toBe(result.image.bytes.byteLength);
      expect(await sharp(result.image.bytes).metadata()).toMatchObject({
        format: 'jpeg',
        width: 640,
        height: 480,
      });
      expect(await sharp(result.thumbnail.bytes).metadata()).toMatchObject({ width: 320, height: 240 });
    },
  );

  it('opens the upload twice, its header and one decode, whatever the variants (a decode holds a libuv thread)', async () => {
    for (const upload of [await solid(3000, 1000, 'png'), await transparentPng()]) {
      const own = new Uint8Array(upload);
      const before = opened.length;
      accepted(await processImage(own));
      const ofUpload = opened.slice(before).filter((input) => (input as Buffer).buffer === own.buffer);
      expect(ofUpload).toHaveLength(2);
    }
  });

  it('scales a large image down to maxDimension and never enlarges a small one', async () => {
    const big = accepted(await processImage(await solid(3000, 1000, 'png')));
    expect(big.image).toMatchObject({ width: 2048, height: 683 });
    expect(big.thumbnail).toMatchObject({ width: 320, height: 107 });
    const small = accepted(await processImage(await solid(100, 50, 'png'), { thumbnailSize: 64 }));
    expect(small.image).toMatchObject({ width: 100, height: 50 });
    expect(small.thumbnail).toMatchObject({ width: 64, height: 32 });
  });

  it('keeps real transparency as WebP, and writes an all-opaque alpha channel as JPEG', async () => {
    const cutOut = await sharp({
      create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const transparent = accepted(await processImage(cutOut));
    expect(transparent.image.mediaType).toBe('image/webp');
    expect(await sharp(transparent.image.bytes).metadata()).toMatchObject({ format: 'webp', hasAlpha: true });
    const opaque = await sharp({
      create: { width: 50, height: 50, channels: 4, background: { r: 9, g: 9, b: 9, alpha: 1 } },
    })
      .png()
      .toBuffer();
    expect(accepted(await processImage(opaque)).image.mediaType).toBe('image/jpeg');
  });

  it('removes EXIF with its GPS position, after turning the photo upright by its orientation', async () => {
    const input = await jpegWithGps(40, 20);
    const before = await sharp(input).metadata();
    expect(hasGpsPointer(before.exif)).toBe(true);
    expect(before.orientation).toBe(6);

    const result = accepted(await processImage(input));
    for (const output of [result.image, result.thumbnail]) {
      const after = await sharp(output.bytes).metadata();
      expect(after.exif).toBeUndefined();
      expect(after.orientation).toBeUndefined();
      expect(output.bytes.includes(Buffer.from('Exif\0\0'))).toBe(false);
      expect(output.bytes.includes(Buffer.from('KefuCam'))).toBe(false);
    }
    // 40 × 20 stored sideways with orientation 6 is a 20 × 40 picture.
    expect(result.image).toMatchObject({ width: 20, height: 40 });
  });

  it('accepts a phone photo with XMP metadata (markup that is not a polyglot) and drops the XMP', async () => {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF></x:xmpmeta>';
    const input = await sharp(await solid(30, 30, 'jpeg'))
      .withXmp(xmp)
      .jpeg()
      .toBuffer();
    expect((await sharp(input).metadata()).xmp).toBeDefined();
    const result = accepted(await processImage(input));
    expect((await sharp(result.image.bytes).metadata()).xmp).toBeUndefined();
  });
});

describe('processImage: refusals', () => {
  it.each([
    [
      'an SVG',
      Buffer.from(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      ),
      'SVG',
    ],
    ['an SVG without prolog', Buffer.from('<svg onload="alert(1)"/>'), 'SVG'],
    [
      'an HTML page',
      Buffer.from('<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>'),
      'HTML',
    ],
    ['an ELF executable', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...Array(56).fill(0)]), 'ELF'],
    ['a Windows executable', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126)]), 'PE'],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'script'],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'PDF'],
    ['random bytes', Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256)), 'unknown'],
    ['an empty file', Buffer.alloc(0), 'empty'],
  ])('refuses %s as unsupported_type', async (_, bytes, named) => {
    const { code, message } = refusal(await processImage(bytes));
    expect(code).toBe('unsupported_type');
    expect(message).toContain(named);
  });

  it('refuses a JPEG followed by an HTML page as a polyglot', async () => {
    const jpeg = await solid(20, 20, 'jpeg');
    const bytes = Buffer.concat([
      jpeg,
      Buffer.from('<html><script>fetch("/steal?"+document.cookie)</script></html>'),
    ]);
    expect(refusal(await processImage(bytes)).code).toBe('polyglot');
  });

  it('refuses a JPEG with a script in its comment segment as a polyglot', async () => {
    const jpeg = await solid(20, 20, 'jpeg');
    const comment = Buffer.from('*/<SCRIPT>alert(1)</SCRIPT>/*');
    const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.byteLength + 2]), comment]);
    const bytes = Buffer.concat([jpeg.subarray(0, 2), com, jpeg.subarray(2)]);
    expect(refusal(await processImage(bytes)).code).toBe('polyglot');
  });

  it('refuses a GIF whose header opens a JavaScript comment (GIF/JS polyglot)', async () => {
    const gif = await solid(20, 20, 'gif');
    const bytes = Buffer.from(gif);
    bytes.write('/*', 6, 'latin1'); // width 0x2A2F: `GIF89a/*` … `*/=alert(1)//`
    expect(refusal(await processImage(bytes)).code).toBe('polyglot');
  });

  it.each(['jpeg', 'png'] as const)('refuses a truncated %s as corrupt', async (format) => {
    const whole = await sharp({
      create: {
        width: 300,
        height: 300,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      [format]()
      .toBuffer();
    expect(refusal(await processImage(whole.subarray(0, Math.floor(whole.byteLength * 0.6)))).code).toBe(
      'corrupt',
    );
  });

  it('refuses a HEIC photo it cannot decode as unsupported_type, asking for a JPEG', async () => {
    // An AVIF relabelled as HEVC inside HEIF: HEIC by its brands, and nothing libvips here can read.
    const heic = Buffer.from(await solid(40, 20, 'avif'));
    for (const [from, to] of [
      ['avif', 'heic'],
      ['av01', 'hvc1'],
      ['av1C', 'hvcC'],
    ] as const)
      for (let at = heic.indexOf(from); at >= 0; at = heic.indexOf(from)) heic.write(to, at, 'latin1');
    const { code, message } = refusal(await processImage(heic));
    expect(code).toBe('unsupported_type');
    expect(message).toContain('JPEG');
  });

  it('refuses bytes that start like a JPEG but are not one as corrupt', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 0x41)]);
    expect(refusal(await processImage(bytes)).code).toBe('corrupt');
  });

  it('refuses a tiny PNG that declares 100,000 × 100,000 pixels before decoding it', async () => {
    const bomb = pngDeclaring(100_000, 100_000);
    expect(bomb.byteLength).toBeLessThan(1024);
    const { code, message } = refusal(await processImage(bomb));
    expect(code).toBe('too_many_pixels');
    expect(message).toContain('100000 × 100000');
    expect(message).toContain('at most 50 megapixels');
  });

  it('refuses a PNG of 1 × 49,000,000 (within the pixel cap) before decoding it, and takes one of 1 × 65,535', async () => {
    // Decoded, the 95 KB file held a libuv thread 7 s: the decoder pays for each row besides its pixels.
    const { code, message } = refusal(await processImage(pngDeclaring(1, 49_000_000)));
    expect(code).toBe('too_many_pixels');
    expect(message).toBe('the image is 1 × 49000000 pixels; each side must be at most 65,535');
    expect(refusal(await processImage(pngDeclaring(49_000_000, 1))).message).toContain('each side');
    expect(accepted(await processImage(blackPng(1, MAX_IMAGE_SIDE))).image.height).toBe(2048);
  });

  // These encode 36-50 MP fixtures with sharp first (seconds of CPU on every core): under two CPU
  // burners beside the suite they took 26-30 s and more, past the project's 30 s default.
  const BIG_FIXTURES = { timeout: 120_000 };

  it(
    'refuses a progressive JPEG or an interlaced PNG whose whole decode would pass 256 MB, and takes smaller ones',
    BIG_FIXTURES,
    async () => {
      // 586 KB and 592 KB: decoded, +328 MB and +476 MB of memory, where a baseline 50 MP JPEG takes 45.
      const big = sharp({ create: { width: 8160, height: 6120, channels: 3, background: '#3a6' } });
      const progressive = refusal(
        await processImage(await big.clone().jpeg({ progressive: true }).toBuffer()),
      );
      expect(progressive).toEqual({
        code: 'too_many_pixels',
        message:
          'the progressive JPEG of 8160 × 6120 pixels is decoded whole, 285.8 MB; at most 256 MB: send it smaller, or as an ordinary (baseline) JPEG',
      });
      const interlaced = await sharp({
        create: { width: 7000, height: 7000, channels: 4, background: '#3a68' },
      })
        .toColourspace('rgb16')
        .png({ progressive: true })
        .toBuffer();
      expect(refusal(await processImage(interlaced)).message).toContain(
        'the interlaced PNG of 7000 × 7000 pixels is decoded whole, 373.8 MB',
      );
      accepted(await processImage(await big.clone().jpeg().toBuffer()));
      const phone = sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#3a6' } });
      accepted(await processImage(await phone.jpeg({ progressive: true }).toBuffer()));
    },
  );

  it(
    'refuses an AVIF whose whole decode would pass 256 MB (~20 bytes a pixel), and takes a 12 MP one',
    BIG_FIXTURES,
    async () => {
      // 2.2 KB: decoded, +916 MB of memory and 6 s.
      expect(refusal(await processImage(await flatAvif(7000, 7000)))).toEqual({
        code: 'too_many_pixels',
        message:
          'the AVIF of 7000 × 7000 pixels is decoded whole, 934.6 MB; at most 256 MB: send it smaller, or as a JPEG',
      });
      const photo = sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#3a6' } });
      accepted(await processImage(await photo.avif({ quality: 30, effort: 0 }).toBuffer()));
    },
  );

  it(
    'refuses a GIF whose canvas would pass 256 MB (~6 bytes a pixel), and takes a 36 MP one',
    BIG_FIXTURES,
    async () => {
      const gif = (side: number) =>
        sharp({ create: { width: side, height: side, channels: 3, background: '#3a6' } })
          .gif()
          .toBuffer();
      expect(refusal(await processImage(await gif(7000))).message).toBe(
        'the GIF of 7000 × 7000 pixels is decoded whole, 280.4 MB; at most 256 MB: send it smaller, or as a JPEG or PNG',
      );
      accepted(await processImage(await gif(6000)));
    },
  );

  it('refuses a progressive JPEG of hundreds of scans before decoding it, and takes an ordinary progressive one', async () => {
    // 883 scans: each costs the decoder a pass over every block (49 MP: 23 s of a libuv thread for 174 KB).
    const bomb = progressiveScanBomb(256);
    opened.length = 0;
    const { code, message } = refusal(await processImage(bomb));
    expect(code).toBe('too_many_pixels');
    expect(message).toContain('at most 100 scans');
    expect(opened).toEqual([]);
    const progressive = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c33' } })
      .jpeg({ progressive: true })
      .toBuffer();
    accepted(await processImage(progressive));
  });

  it('refuses more pixels than maxPixels and more bytes than maxBytes', async () => {
    const image = await solid(100, 100, 'png');
    expect(refusal(await processImage(image, { maxPixels: 9_999 }))).toEqual({
      code: 'too_many_pixels',
      message: 'the image is 100 × 100 pixels; at most 9999 pixels are accepted',
    });
    accepted(await processImage(image, { maxPixels: 10_000 }));
    const { code, message } = refusal(await processImage(image, { maxBytes: image.byteLength - 1 }));
    expect(code).toBe('too_large');
    expect(message).toMatch(/larger than/);
  });

  it('throws early on an option out of range, naming it', async () => {
    await expect(processImage(Buffer.alloc(0), { maxDimension: 0 })).rejects.toThrow(/options\.maxDimension/);
    await expect(processImage(Buffer.alloc(0), { quality: 101 })).rejects.toThrow(/options\.quality/);
  });

  it('has the documented defaults', () => {
    expect(IMAGE_INTAKE_DEFAULTS).toEqual({
      maxBytes: 10 * 1024 * 1024,
      maxPixels: 50_000_000,
      maxDimension: 2048,
      thumbnailSize: 320,
      quality: 82,
    });
  });
});
