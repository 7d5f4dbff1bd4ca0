import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';

export type PluginResult<T> = { ok: true; value: T } | { ok: false; error: KefuError };

const immediate = new WeakSet<object>();
/** The signal an immediate plug-in gets: one for all of them, never aborted. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * Marks one of Kefu's own plug-ins that answers at once and cannot hang (the built-in
 * understanding, the default escalation rules): {@link runPlugin} runs it without the timer and
 * AbortController a merchant's plug-in gets, which the hub would otherwise pay on every message.
 * Its signal is shared and never aborted, so it must not keep listeners on it.
 * @example
 * export const understandPlugin: UnderstandPlugin = immediatePlugin(async (text) => understand(text));
 */
export function immediatePlugin<F extends (...args: never[]) => Promise<unknown>>(plugin: F): F {
  immediate.add(plugin);
  return plugin;
}

/**
 * Runs a merchant plug-in under a timeout. A plug-in that throws or hangs never breaks the
 * conversation: the caller gets a `plugin_failed` error value to log and recover from. `plugin`,
 * the function `call` calls, lets one marked by {@link immediatePlugin} skip the timeout.
 */
export function runPlugin<T>(
  name: string,
  timeoutMs: number,
  clock: Clock,
  call: (signal: AbortSignal) => Promise<T>,
  plugin?: object,
): Promise<PluginResult<T>> {
  if (plugin !== undefined && immediate.has(plugin)) return runImmediate(name, call);
  const controller = new AbortController();
  // One promise settled by whichever comes first, the plug-in or its timer (a race without the
  // race's own promises: this runs for every message the bot answers).
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => {
      controller.abort();
      resolve({
        ok: false,
        error: new KefuError('plugin_failed', `plugin ${name} did not answer within ${timeoutMs} ms`),
      });
    }, timeoutMs);
    const settle = (result: PluginResult<T>) => {
      clock.clearTimeout(timer);
      resolve(result);
    };
    // Called a turn later, so a plug-in that throws before returning a promise is caught the same way.
    RESOLVED.then(() => call(controller.signal)).then(
      (value) => settle({ ok: true, value }),
      (cause) => settle({ ok: false, error: failure(name, cause) }),
    );
  });
}

const RESOLVED = Promise.resolve();

async function runImmediate<T>(
  name: string,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<PluginResult<T>> {
  try {
    return { ok: true, value: await call(NEVER_ABORTED) };
  } catch (cause) {
    return { ok: false, error: failure(name, cause) };
  }
}

function failure(name: string, cause: unknown): KefuError {
  return cause instanceof KefuError && cause.code === 'plugin_failed'
    ? cause
    : new KefuError(
        'plugin_failed',
        `plugin ${name} threw: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
}
