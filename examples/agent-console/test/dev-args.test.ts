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

/** The console's dev server as `pnpm --filter agent-console start -- --hub … --port 0 …more` runs it. */
function startConsole(...more: string[]): ChildProcess {
  const args = ['--conditions=source', dev, '--', '--hub', 'ws://127.0.0.1:9/kefu', '--port', '0', ...more];
  return spawn(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('the console on its own (pnpm --filter agent-console start)', () => {
  it('takes --hub after the `--` that pnpm passes on, as README writes the command', async () => {
    child = startConsole();
    const { output } = await printed(child, /Kefu agent console: (http:\/\/\S+)/);
    await expect.poll(output).toMatch(/Hub: ws:\/\/127\.0\.0\.1:9\/kefu/);
  });

  // Finding (2026-12-07): started this way against a merchant's hub, the console could transfer to
  // the agent's own groups only (and to those of colleagues online, since): no way to name a team.
  it('offers the groups --group names for transfers', async () => {
    child = startConsole('--group', 'complaints', '--group', 'after-sale');
    const { found: url } = await printed(child, /Kefu agent console: (http:\/\/\S+)/);
    const page = await (await fetch(url)).text();
    expect(page).toContain('"groups":["complaints","after-sale"]');
  });
});
