import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { blobStoreContract } from './blob-store-contract.ts';
import { createLocalFolderBlobStore } from './local-folder-blob-store.ts';

const dirs: string[] = [];
async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kefu-blobs-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

blobStoreContract('local folder', async () => createLocalFolderBlobStore({ dir: await folder() }));

describe('createLocalFolderBlobStore', () => {
  it('writes through a temporary file in .tmp and leaves none behind, even when the body fails', async () => {
    const dir = await folder();
    const blobs = await createLocalFolderBlobStore({ dir });
    let seenDuringWrite: string[] = [];
    const body = new Readable({
      async read() {
        seenDuringWrite = await readdir(join(dir, '.tmp'));
        this.push(Buffer.from('x'));
        this.destroy(new Error('cut'));
      },
    });
    await expect(blobs.put('c/c_1/i_1/full', body, { contentType: 'image/jpeg' })).rejects.toThrow('cut');
    expect(seenDuringWrite).toHaveLength(1);
    expect(await readdir(join(dir, '.tmp'))).toEqual([]);
    await blobs.put('c/c_1/i_1/full', Buffer.from('ok'), { contentType: 'image/jpeg' });
    expect(await readdir(join(dir, '.tmp'))).toEqual([]);
    expect(await readFile(join(dir, 'c/c_1/i_1/full@blob'), 'latin1')).toBe('kefu-blob 1 image/jpeg\nok');
  });

  it('keeps its blobs across a reopen of the same folder', async () => {
    const dir = await folder();
    const first = await createLocalFolderBlobStore({ dir });
    await first.put('k', Buffer.from('kept'), { contentType: 'image/png' });
    await first.close();
    const second = await createLocalFolderBlobStore({ dir });
    const blob = await second.get('k');
    expect(blob).toMatchObject({ contentType: 'image/png', size: 4 });
    blob!.body.destroy();
  });
});
