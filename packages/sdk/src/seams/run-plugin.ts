import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';

export type PluginResult<T> = { ok: true; value: T } | { ok: false; error: KefuError };

/**
 * Runs a merchant plug-in under a timeout. A plug-in that throws or hangs never breaks the
 * conversation: the caller gets a `plugin_failed` error value to log and recover from.
 */
export async function runPlugin<T>(
  name: string,
  timeoutMs: number,
  clock: Clock,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<PluginResult<T>> {
  const controller = new AbortController();
  let timer: unknown;
  const timeout = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => {
      controller.abort();
      reject(new KefuError('plugin_failed', `plugin ${name} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const value = await Promise.race([Promise.resolve().then(() => call(controller.signal)), timeout]);
    return { ok: true, value };
  } catch (cause) {
    const error =
      cause instanceof KefuError && cause.code === 'plugin_failed'
        ? cause
        : new KefuError(
            'plugin_failed',
            `plugin ${name} threw: ${cause instanceof Error ? cause.message : String(cause)}`,
            {
              cause,
            },
          );
    return { ok: false, error };
  } finally {
    clock.clearTimeout(timer);
  }
}
