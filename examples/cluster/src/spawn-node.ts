import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Each node is `kefu hub --config kefu.config.yaml`, the sdk's CLI run from its sources (the
// example runs unbuilt); the environment fills the config's ${VAR}s.
const sdkRoot = dirname(createRequire(import.meta.url).resolve('@kefu/sdk/package.json'));
const cli = join(sdkRoot, 'src/cli/bin.ts');
const config = fileURLToPath(new URL('../kefu.config.yaml', import.meta.url));

/**
 * Starts one hub node as its own process; resolves with its port once it listens. `bundledCli`: the
 * CLI bundled into one file (the tests' test/build-cli.ts), which starts without tsx's seconds.
 */
export function spawnNode(
  env: Record<string, string>,
  bundledCli?: string,
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  // tsx as a loader in this very process (its CLI would run the hub in a grandchild that a
  // SIGKILL of the child would leave running).
  const run = bundledCli ? [bundledCli] : ['--import', 'tsx', '--conditions=source', cli];
  const child = spawn(process.execPath, [...run, 'hub', '--config', config], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr!.on('data', (d) => {
      out += d;
    });
    child.stdout!.on('data', (d) => {
      out += d;
      const port = /listening on ws:\/\/[\d.]+:(\d+)/.exec(out)?.[1];
      if (port) resolve({ child, port: Number(port), output: () => out });
    });
    child.once('exit', (code) => reject(new Error(`hub node exited with ${code}: ${out}`)));
  });
}
