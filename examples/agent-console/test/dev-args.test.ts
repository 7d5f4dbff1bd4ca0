import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { printed } from '../../../test/spawned-output.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dev = fileURLToPath(new URL('../src/dev.ts', import.meta.url));

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
});

describe('the console on its own (pnpm --filter agent-console start)', () => {
  it('takes --hub after the `--` that pnpm passes on, as README writes the command', async () => {
    child = spawn(
      process.execPath,
      [
        `${root}node_modules/tsx/dist/cli.mjs`,
        '--conditions=source',
        dev,
        '--',
        '--hub',
        'ws://127.0.0.1:9/kefu',
        '--port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const { output } = await printed(child, /Kefu agent console: (http:\/\/\S+)/);
    await expect.poll(output).toMatch(/Hub: ws:\/\/127\.0\.0\.1:9\/kefu/);
  });
});
