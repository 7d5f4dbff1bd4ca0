import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A solid-colour image of the given type, made by sharp. */
export function solid(
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'gif' | 'webp' | 'avif',
  background = '#c33',
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    [format]()
    .toBuffer();
}

/** A JPEG of random pixels: it compresses as badly as a photo can (2048² at quality 90: ~3.4 MB). */
export function noiseJpeg(width: number, height: number, quality = 90): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(Math.random() * 256);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

/** A JPEG carrying EXIF with a GPS position and an orientation of 6 (rotate 90° to show it upright). */
export function jpegWithGps(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a6' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'KefuCam' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** True when `exif` has the GPS IFD pointer (tag 0x8825) in either byte order. */
export function hasGpsPointer(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.byteLength + 4);
  out.writeUInt32BE(data.byteLength, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.byteLength);
  return out;
}

/**
 * A valid-looking PNG of a few hundred bytes that declares `width` × `height` pixels (one row of
 * real data): a decompression bomb's header without the bomb.
 */
export function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1 + Math.min(width, 4096)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A real greyscale PNG of `width` × `height` black pixels, every row encoded (a few dozen KB for
 * tens of millions of rows): a shape that costs the decoder by its rows, not its pixels.
 */
export function blackPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    // Each row: filter byte 0, then the row's zero pixels.
    chunk('IDAT', deflateSync(Buffer.alloc(height * (width + 1)), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An interlaced 16-bit RGBA PNG of one colour: under a MB for 7,000 × 7,000, and decoded whole. */
export function interlacedPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: '#3a68' } })
    .toColourspace('rgb16')
    .png({ progressive: true, compressionLevel: 9 })
    .toBuffer();
}

/** An AVIF of one colour with alpha: a few KB for 7,000 × 7,000, decoded whole by libheif. */
export function flatAvif(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: '#3a68' } })
    .avif({ quality: 30, effort: 0 })
    .toBuffer();
}

/** A JPEG segment: marker, then its body with the length word in front. */
function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.byteLength + 2, 2);
  return Buffer.concat([head, body]);
}

/** Entropy-coded bits, MSB first, with a 0x00 stuffed after each 0xFF byte; `done` pads with ones. */
function bitWriter() {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  const put = (code: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) {
      acc = (acc << 1) | ((code >> i) & 1);
      if (++n < 8) continue;
      out.push(acc);
      if (acc === 0xff) out.push(0);
      acc = 0;
      n = 0;
    }
  };
  const done = () => {
    if (n) put((1 << (8 - n)) - 1, 8 - n);
    return Buffer.from(out);
  };
  return { put, done };
}

/**
 * A valid progressive greyscale JPEG of `side` × `side` with every scan the format allows: the DC
 * scan, then for each of the 63 AC coefficients a first pass and 13 refinements (883 scans). Each
 * AC scan is a few EOB runs, ~40 bytes, but the decoder walks every block in it: at 7000 × 7000
 * (49 MP, 174 KB) libjpeg took 23 s of one libuv thread, where the same picture in 6 scans took 0.5 s.
 */
export function progressiveScanBomb(side: number): Buffer {
  const blocks = Math.ceil(side / 8) ** 2;
  const frame = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  frame.writeUInt16BE(side, 1);
  frame.writeUInt16BE(side, 3);
  // DC table: category 0 alone, code '0'. AC table: EOB0…EOB14, fifteen 4-bit codes.
  const dcCounts = Buffer.alloc(16);
  dcCounts[0] = 1;
  const acCounts = Buffer.alloc(16);
  acCounts[3] = 15;
  const parts = [
    Buffer.from([0xff, 0xd8]),
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    segment(0xc2, frame),
    segment(0xc4, Buffer.concat([Buffer.from([0x00]), dcCounts, Buffer.from([0])])),
    segment(
      0xc4,
      Buffer.concat([
        Buffer.from([0x10]),
        acCounts,
        Buffer.from(Array.from({ length: 15 }, (_, r) => r << 4)),
      ]),
    ),
  ];
  const scan = (ss: number, se: number, ah: number, al: number) =>
    segment(0xda, Buffer.from([1, 1, 0x00, ss, se, (ah << 4) | al]));
  const dc = bitWriter();
  for (let i = 0; i < blocks; i++) dc.put(0, 1);
  parts.push(scan(0, 0, 0, 0), dc.done());
  const runs = bitWriter();
  for (let left = blocks; left > 0; ) {
    const run = Math.min(left, 32767);
    const r = 31 - Math.clz32(run);
    runs.put(r, 4);
    if (r) runs.put(run - (1 << r), r);
    left -= run;
  }
  const ac = runs.done();
  for (let k = 1; k <= 63; k++) {
    parts.push(scan(k, k, 0, 13), ac);
    for (let ah = 13; ah >= 1; ah--) parts.push(scan(k, k, ah, ah - 1), ac);
  }
  parts.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}
