import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKefuError } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';
import { pgliteInitdbSeed } from './pglite-seed.ts';
import { createPgliteStore } from './pglite-store.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kefu-lock-'));
  dirs.push(dir);
  return join(dir, 'data');
}

function conflictOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isKefuError(error) && error.code === 'conflict') return error.message;
    throw error;
  }
  throw new Error('no conflict');
}

describe('lockDataDir', () => {
  it('refuses a second open in this process until the first is released', async () => {
    const dir = await tempDir();
    const release = lockDataDir(dir);
    expect(existsSync(`${dir}.lock`)).toBe(true);
    expect(conflictOf(() => lockDataDir(dir))).toContain('already open in this process');
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockDataDir(dir)();
  });

  it('refuses while another live process holds it, and takes it over once that process is gone', async () => {
    const dir = await tempDir();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => other.once('exit', resolve));
    try {
      writeFileSync(`${dir}.lock`, `${other.pid}\n`);
      expect(conflictOf(() => lockDataDir(dir))).toContain(`in use by process ${other.pid}`);
    } finally {
      other.kill('SIGKILL');
      await exited;
    }
    const release = lockDataDir(dir);
    release();
  });
});

describe('lockDataDir and reused process ids', () => {
  it.runIf(existsSync('/proc/self/stat'))(
    'takes over a lock whose process id now belongs to a process started later (a restarted container)',
    async () => {
      const dir = await tempDir();
      const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => other.once('exit', resolve));
      try {
        const stat = readFileSync(`/proc/${other.pid}/stat`, 'utf8');
        const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
        // The recorded owner started at another time: the id was handed to someone else since.
        writeFileSync(`${dir}.lock`, `${other.pid} ${Number(start) - 1}\n`);
        lockDataDir(dir)();
        // The same id and start: the owner itself, still running.
        writeFileSync(`${dir}.lock`, `${other.pid} ${start}\n`);
        expect(conflictOf(() => lockDataDir(dir))).toContain(`in use by process ${other.pid}`);
      } finally {
        other.kill('SIGKILL');
        await exited;
      }
    },
  );
});

describe('createPgliteStore on a data directory', () => {
  // One PGlite start on disk (from initdb's dump: initdb itself is seconds more), slow on a busy machine.
  it('refuses a second store on the same directory while the first is open, and lets it go on close', {
    timeout: 180_000,
  }, async () => {
    const dataDir = await tempDir();
    const store = await createPgliteStore({ dataDir, loadDataDir: await pgliteInitdbSeed() });
    await expect(createPgliteStore({ dataDir })).rejects.toMatchObject({ code: 'conflict' });
    // The first store was not disturbed.
    expect(await store.getConversation('c_none')).toBeNull();
    await store.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    lockDataDir(dataDir)();
  });
});
