import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort } from '../../../test/servers.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = fileURLToPath(new URL('../src/simulate.ts', import.meta.url));

/** Runs the script with `args` (and `env`); its exit code and stderr. */
function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [`${root}node_modules/tsx/dist/cli.mjs`, '--conditions=source', script, ...args],
      { env: { ...process.env, ...env } },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

describe('the simulate script with a customer id that is not one', () => {
  it('says the id must be 8 hex digits, naming what it got, before the usage, exit 2', async () => {
    const result = await run(['--', '--customer', 'nobody']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      '--customer must be 8 hex digits (0-9, A-F), as on the shop\'s "My orders" page, not "nobody"',
    );
    expect(result.stderr).toContain('--customer <id>');
  });

  it('says the customer is required when none is given, exit 2', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      '--customer is required: 8 hex digits (0-9, A-F), as on the shop\'s "My orders" page',
    );
  });
});

describe('the simulate script without a demo to post to', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('says where it looked and how to point it elsewhere, exit 1, no stack trace', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-simulate-'));
    await writeFile(join(dir, 'session-secret'), 'demo-test-secret-0123456789');
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await run(['--customer', 'A1B2C3D4', '--step', 'shipped', '--url', url], {
      KEFU_DATA: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no demo at ${url}`);
    expect(result.stderr).toContain('--url');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
