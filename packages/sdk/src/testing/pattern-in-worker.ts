import { Worker } from 'node:worker_threads';

/**
 * Runs `input.replace(pattern, '')` in a worker and resolves with the result: a pattern that
 * backtracks without end (or for hours, quadratically on a long input) holds the worker, not the
 * test, which gives up after a generous 20 s and stops the worker.
 * @example
 * expect(await replaceInWorker(/a+$/, 'aab')).toBe('aab');
 */
export async function replaceInWorker(pattern: RegExp, input: string): Promise<string> {
  const worker = new Worker(
    `const { parentPort, workerData: w } = require('node:worker_threads');
     parentPort.postMessage(w.input.replace(new RegExp(w.source, w.flags), ''));`,
    { eval: true, workerData: { source: pattern.source, flags: pattern.flags, input } },
  );
  try {
    return await new Promise<string>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      setTimeout(() => reject(new Error('the pattern had not finished after 20 s')), 20_000).unref();
    });
  } finally {
    await worker.terminate();
  }
}
