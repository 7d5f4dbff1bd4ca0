import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { pgliteInitdbSeedFile } from '../../../packages/sdk/src/store/pglite-seed.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = fileURLToPath(new URL('../src/server.ts', import.meta.url));

/**
 * Runs the demo as `pnpm demo` does, until it exits on its own; a new data folder starts from
 * initdb's dump (KEFU_PGLITE_SEED), not initdb itself: seconds less, the same database.
 */
async function demo(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const seed = await pgliteInitdbSeedFile();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [`${root}node_modules/tsx/dist/cli.mjs`, '--conditions=source', script],
      { env: { ...process.env, HOST: '127.0.0.1', KEFU_PGLITE_SEED: seed, ...env }, timeout: 170_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

// Each case starts the demo's process (tsx, then PGlite on a new data folder): seconds on a quiet
// machine, a minute or more on a busy one.
describe('a second demo started beside a running one', { timeout: 180_000 }, () => {
  let dir: string | undefined;
  let busy: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (busy ? busy.close(resolve) : resolve(undefined)));
    busy = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('says its port is in use and how to pick another, exit 1, no stack trace', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-demo-'));
    busy = createServer();
    const port = await new Promise<number>((resolve) =>
      busy!.listen(0, '127.0.0.1', () => resolve((busy!.address() as { port: number }).port)),
    );
    const { code, stderr } = await demo({ PORT: String(port), KEFU_DATA: dir });
    expect(code).toBe(1);
    expect(stderr).toContain(`Port ${port} is in use`);
    expect(stderr).toContain(`PORT=${port + 1}`);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses data another live process holds (two would corrupt it), and says how to run a second one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-demo-'));
    await mkdir(join(dir, 'pglite'), { recursive: true });
    // This test's process plays the running demo: alive, and not the new one.
    await writeFile(join(dir, 'pglite.lock'), `${process.pid}\n`);
    const { code, stderr } = await demo({ PORT: '0', KEFU_DATA: dir });
    expect(code).toBe(1);
    expect(stderr).toContain(`in use by process ${process.pid}`);
    expect(stderr).toContain('KEFU_DATA=');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
