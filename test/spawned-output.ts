import type { ChildProcess } from 'node:child_process';

/**
 * Waits until a spawned process prints a line matching `pattern` on stdout, and resolves with the
 * first capture group; rejects with everything it printed (stdout and stderr) if it exits first.
 * `output()` keeps collecting afterwards, for assertions on what the process said later.
 * @example
 * const { found: url } = await printed(child, /listening on (ws:\/\/\S+)/);
 */
export function printed(
  child: ChildProcess,
  pattern: RegExp,
): Promise<{ found: string; output: () => string }> {
  let out = '';
  child.stderr?.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const found = pattern.exec(out)?.[1];
      if (found !== undefined) resolve({ found, output: () => out });
    });
    child.once('exit', (code, signal) =>
      reject(
        new Error(`${child.spawnfile} exited with ${code ?? signal} before printing ${pattern}: ${out}`),
      ),
    );
  });
}
