import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
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

  it('leaves sharp and the AWS SDK unloaded in a process that imports the entry, until they are used', async () => {
    // A child process: this test process has loaded sharp already through the other tests.
    const dir = await mkdtemp(join(tmpdir(), 'kefu-entry-'));
    const script = join(dir, 'probe.mts');
    await writeFile(
      script,
      [
        "import { createRequire } from 'node:module';",
        `const images = await import(${JSON.stringify(pathToFileURL(resolve(here, 'index.ts')).href)});`,
        'const loaded = () => Object.keys(createRequire(import.meta.url).cache)',
        // sharp's ESM entry is not in require's cache, but the libvips addon it loads is.
        '  .filter((p) => /[\\/]node_modules[\\/](@img[\\/]sharp-|@aws-sdk[\\/]client-s3[\\/])/.test(p))',
        "  .map((p) => (p.includes('sharp') ? 'sharp' : 'client-s3'));",
        'const before = [...new Set(loaded())];',
        'await images.processImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));',
        "await (await images.createS3BlobStore({ bucket: 'b', endpoint: 'http://127.0.0.1:9' })).close();",
        'console.log(JSON.stringify({ before, after: [...new Set(loaded())].sort() }));',
      ].join('\n'),
    );
    try {
      const tsx = resolve(here, '../../../../node_modules/tsx/dist/cli.mjs');
      const { stdout } = await promisify(execFile)(process.execPath, [tsx, '--conditions=source', script], {
        cwd: resolve(here, '../..'),
      });
      expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
        before: [],
        after: ['client-s3', 'sharp'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
