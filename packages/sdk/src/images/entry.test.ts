import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as images from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const src = resolve(here, '..');

/** Every source file `entry` reaches through relative imports, types included. */
function graph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const [, path] of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(entry), path!);
    if (existsSync(target)) graph(target, seen);
  }
  return seen;
}

describe('@kefu/sdk/images', () => {
  it('loads sharp and the AWS SDK only by dynamic import, so a hub without photos never loads them', () => {
    const eager = [...graph(resolve(here, 'index.ts'))].flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /^import\s+(?!type\s)[^;]*?from\s+['"](sharp|@aws-sdk\/[^'"]+|pg|@electric-sql\/pglite)['"]/gm,
        ),
      ].map((m) => `${relative(src, file)} imports ${m[1]}`),
    );
    expect(eager).toEqual([]);
  });

  it('exports the intake, the stores, the URL signing and the recognition runner', () => {
    expect(Object.keys(images).sort()).toEqual([
      'BlobStoreError',
      'IMAGE_INTAKE_DEFAULTS',
      'ImageRefusal',
      'ImageUrlError',
      'assertBlobKey',
      'assertBlobPrefix',
      'createLocalFolderBlobStore',
      'createS3BlobStore',
      'createSqlBlobStore',
      'formatBytes',
      'imageResponseHeaders',
      'processImage',
      'readCapped',
      'runClassifyImage',
      'setupBlobTable',
      'signImageUrl',
      'sniffImageType',
      'verifyImageUrl',
    ]);
  });
});
