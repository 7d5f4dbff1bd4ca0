import { describe, expect, it } from 'vitest';
import { describeUnknownBytes, findPolyglot, sniffImageType } from './image-type.ts';

/** An ISO-BMFF `ftyp` box with a major brand and compatible brands. */
function ftyp(major: string, ...compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write(`ftyp${major}`, 4, 'latin1');
  for (const [i, brand] of compatible.entries()) box.write(brand, 16 + 4 * i, 'latin1');
  return Buffer.concat([box, Buffer.alloc(16)]);
}

describe('sniffImageType', () => {
  it.each([
    [[0xff, 0xd8, 0xff, 0xdb], 'jpeg'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'png'],
    [[...Buffer.from('GIF87a')], 'gif'],
    [[...Buffer.from('GIF89a')], 'gif'],
    [[...Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1')], 'webp'],
  ])('reads %j as %s', (bytes, type) => {
    expect(sniffImageType(Uint8Array.from(bytes))).toBe(type);
  });

  it('tells AVIF from HEIC by the ftyp brands, major or compatible', () => {
    expect(sniffImageType(ftyp('avif', 'mif1'))).toBe('avif');
    expect(sniffImageType(ftyp('mif1', 'miaf', 'avif'))).toBe('avif');
    expect(sniffImageType(ftyp('heic', 'mif1'))).toBe('heic');
    expect(sniffImageType(ftyp('mif1', 'heic'))).toBe('heic');
    expect(sniffImageType(ftyp('isom', 'mp41'))).toBeNull(); // an MP4 video
  });

  it('takes nothing from a name-like or header-like prefix', () => {
    expect(sniffImageType(Buffer.from('photo.jpg'))).toBeNull();
    expect(sniffImageType(Buffer.from('Content-Type: image/jpeg\r\n\r\n'))).toBeNull();
    expect(sniffImageType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeNull();
  });
});

describe('describeUnknownBytes', () => {
  it('names an SVG behind a byte-order mark, a prolog and a comment', () => {
    expect(describeUnknownBytes(Buffer.from('\uFEFF<?xml version="1.0"?><!-- x --><svg>'))).toBe(
      'an SVG image',
    );
  });

  it('names a Mach-O executable', () => {
    expect(describeUnknownBytes(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]))).toBe(
      'an executable (Mach-O)',
    );
  });
});

describe('findPolyglot', () => {
  it.each([
    '<script src=x>',
    '<IFRAME src=x>',
    '<?php system($_GET[1]); ?>',
    '<!DOCTYPE html>',
    'javascript:alert(1)',
  ])('finds %j inside an image', (markup) => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.alloc(100),
      Buffer.from(markup),
    ]);
    expect(findPolyglot(bytes, 'jpeg')).toMatch(/markup/);
  });

  it('leaves XMP metadata and a plain GIF alone', () => {
    const xmp = Buffer.from(
      '<?xpacket begin=""?><x:xmpmeta><rdf:RDF><rdf:Description/></rdf:RDF></x:xmpmeta>',
    );
    expect(findPolyglot(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), xmp]), 'jpeg')).toBeNull();
    expect(findPolyglot(Buffer.from('GIF89a\x14\x00\x14\x00', 'latin1'), 'gif')).toBeNull();
  });
});
