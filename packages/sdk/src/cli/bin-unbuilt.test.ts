import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const LAUNCHER = fileURLToPath(new URL('../../bin/kefu.js', import.meta.url));

it('the installed kefu command says in one line that the SDK is not built, instead of a stack trace', async () => {
  // In this repository, `npx pnpm kefu` inside examples/cluster (or any package that depends on the
  // SDK) runs this launcher, whose dist/ exists only after a build: it printed ERR_MODULE_NOT_FOUND
  // and node's stack.
  const pkg = await mkdtemp(join(tmpdir(), 'kefu-unbuilt-'));
  await mkdir(join(pkg, 'bin'));
  await writeFile(join(pkg, 'package.json'), '{ "type": "module" }');
  await copyFile(LAUNCHER, join(pkg, 'bin', 'kefu.js'));
  const run = spawnSync(process.execPath, [join(pkg, 'bin', 'kefu.js'), 'help'], { encoding: 'utf8' });
  expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
    status: 1,
    stdout: '',
    stderr:
      `kefu: ${join(pkg, 'dist', 'cli', 'bin.js')} is not there: @kefu/sdk is not built. ` +
      'Build it (npx -y pnpm@10.34.8 --filter @kefu/sdk build), or in its repository run ' +
      '`npx -y pnpm@10.34.8 -w kefu …`, which runs the sources\n',
  });
});
