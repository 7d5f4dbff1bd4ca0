import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import { type Deadline, DeadlineQueue } from '../deadline-queue.ts';

export type PluginResult<T> = { ok: true; value: T } | { ok: false; error: KefuError };

/**
 * A plug-in's answer the hub cannot use, as the failure it is reported and recovered from as a throw
 * is: `plugin_failed`, naming the plug-in and what was wrong.
 * @example
 * pluginReturned('understand', 'an intent that is not a string'); // { ok: false, error: KefuError }
 */
export function pluginReturned(plugin: string, problem: string): { ok: false; error: KefuError } {
  return { ok: false, error: new KefuError('plugin_failed', `plugin ${plugin} returned ${problem}`) };
}

const immediate = new WeakSet<object>();

/**
 * What {@link runPlugin} hands the call: the plug-in's abort signal, made only when read. An
 * AbortController costs microseconds, and the hub runs a plug-in (the bot's answer) on every
 * message; most never look at the signal.
 */
export interface PluginCall {
  readonly signal: AbortSignal;
  /** `ctx` and this call's signal, as a plug-in's context argument (the signal still made only when read). */
  context<C extends object>(ctx: C): C & { readonly signal: AbortSignal };
}

/**
 * A timed call's context has `signal` as an own, enumerable getter (a spread of the context reads
 * it), one getter for every context, which finds its call under a symbol. A property added to a
 * spread copy (`{ ...ctx, signal }`, or `get signal()` made per call) sends V8 (Node 20) down its
 * slow path: 1-2 µs per context against 0.1-0.4 µs for a copy by Object.assign and this, and a
 * bot turn makes three contexts.
 */
const CALL = Symbol('plugin call');
const LAZY_SIGNAL: PropertyDescriptor = {
  get(this: { [CALL]: PluginCall }) {
    return this[CALL].signal;
  },
  enumerable: true,
  configurable: true,
};

/**
 * A merchant plug-in's call under its deadline: settled by whichever comes first, the plug-in
 * or the deadline, and its signal aborted when the deadline wins. No timer of its own (see
 * {@link deadlinesOf}): this runs for every message the bot answers.
 */
class TimedCall<T> implements PluginCall {
  private controller: AbortController | undefined;
  private timedOut = false;
  private readonly deadline: Deadline;

  constructor(
    private readonly resolve: (result: PluginResult<T>) => void,
    private readonly deadlines: DeadlineQueue,
    private readonly name: string,
  ) {
    // Bound, not arrows over `this` (and the name): a closure's context each, on every bot answer.
    this.deadline = deadlines.add(this.expire.bind(this));
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.timedOut) this.controller.abort();
    }
    return this.controller.signal;
  }

  context<C extends object>(ctx: C): C & { readonly signal: AbortSignal } {
    const out = Object.assign({}, ctx) as C & { [CALL]: PluginCall; readonly signal: AbortSignal };
    out[CALL] = this;
    Object.defineProperty(out, 'signal', LAZY_SIGNAL);
    return out;
  }

  /** The plug-in answered or threw (a late one after the timer is ignored: the promise is settled). */
  settle(result: PluginResult<T>): void {
    this.deadline.cancel();
    this.resolve(result);
  }

  /** The plug-in's promise fulfilled (bound as its handler, see {@link runPlugin}). */
  answered(value: T): void {
    this.settle({ ok: true, value });
  }

  /** The plug-in threw or its promise rejected. */
  threw(cause: unknown): void {
    this.settle({ ok: false, error: failure(this.name, cause) });
  }

  /** Out of time: aborts the signal if the plug-in took it (and any it takes from now on). */
  private expire(): void {
    this.timedOut = true;
    this.controller?.abort();
    this.resolve({
      ok: false,
      error: new KefuError(
        'plugin_failed',
        `plugin ${this.name} did not answer within ${this.deadlines.ms} ms`,
      ),
    });
  }
}

/** The call an immediate plug-in gets: one for all of them, whose signal is never aborted. */
const IMMEDIATE_CALL: PluginCall = {
  signal: new AbortController().signal,
  context<C extends object>(ctx: C): C & { readonly signal: AbortSignal } {
    // Not `{ ...ctx, signal }`: see LAZY_SIGNAL.
    const out = Object.assign({}, ctx) as C & { signal: AbortSignal };
    out.signal = IMMEDIATE_CALL.signal;
    return out;
  },
};

/**
 * Marks one of Kefu's own plug-ins that answers at once and cannot hang (the built-in
 * understanding, the default escalation rules): {@link runPlugin} runs it without the timer a
 * merchant's plug-in gets, which the hub would otherwise pay on every message. Its signal is
 * shared and never aborted, so it must not keep listeners on it. `now`, the same plug-in as a
 * synchronous function, lets {@link runPluginNow} answer without a promise.
 * @example
 * export const understandPlugin: UnderstandPlugin = immediatePlugin(async (text) => understand(text), (text) => understand(text));
 */
export function immediatePlugin<F extends (...args: never[]) => Promise<unknown>>(
  plugin: F,
  now?: (...args: Parameters<F>) => Awaited<ReturnType<F>>,
): F {
  immediate.add(plugin);
  if (now) twins.set(plugin, now as (...args: never[]) => unknown);
  return plugin;
}

/** The synchronous twins of immediate plug-ins (see {@link immediatePlugin}). */
const twins = new WeakMap<object, (...args: never[]) => unknown>();

/**
 * An immediate plug-in's answer at once, from its synchronous twin, as {@link runPlugin} would
 * give it (a throw is `plugin_failed`); undefined for a plug-in without a twin, which the caller
 * runs with runPlugin. The built-in understanding and escalation rules run on every message the
 * bot answers: through their async functions, each cost a promise and a turn twice over.
 * @example
 * const result = runPluginNow('understand', understand, text, ctx) ?? (await runPlugin('understand', …));
 */
export function runPluginNow<I, C extends object, T>(
  name: string,
  plugin: (input: I, ctx: C & { readonly signal: AbortSignal }) => Promise<T>,
  input: I,
  ctx: C,
): PluginResult<T> | undefined {
  const now = twins.get(plugin) as ((input: I, ctx: C & { readonly signal: AbortSignal }) => T) | undefined;
  if (!now) return undefined;
  try {
    return { ok: true, value: now(input, IMMEDIATE_CALL.context(ctx)) };
  } catch (cause) {
    return { ok: false, error: failure(name, cause) };
  }
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
  call: (call: PluginCall) => Promise<T>,
  plugin?: object,
): Promise<PluginResult<T>> {
  if (plugin !== undefined && immediate.has(plugin)) return runImmediate(name, call);
  // The promise's resolve taken out by a module function, not an executor closing over this
  // call's arguments: runPlugin runs for every bot answer.
  const settled = new Promise<PluginResult<unknown>>(captureResolve) as Promise<PluginResult<T>>;
  const resolve = captured!;
  captured = undefined;
  let timed: TimedCall<T>;
  try {
    timed = new TimedCall<T>(resolve, deadlinesOf(clock, timeoutMs), name);
  } catch (error) {
    // As when this ran inside the promise's executor: a failure to set the deadline rejects.
    return Promise.reject(error);
  }
  // A plug-in that throws before returning a promise is caught as one that rejects. Called at
  // once rather than a turn later: a turn cost a promise and a closure on every bot answer.
  let answer: Promise<T>;
  try {
    answer = Promise.resolve(call(timed));
  } catch (cause) {
    answer = Promise.reject(cause);
  }
  answer.then(timed.answered.bind(timed), timed.threw.bind(timed));
  return settled;
}

/** The resolve of the promise runPlugin is making (the executor runs synchronously in `new Promise`). */
let captured: ((result: PluginResult<unknown>) => void) | undefined;
const captureResolve = (resolve: (result: PluginResult<unknown>) => void): void => {
  captured = resolve;
};

/** Plug-in timeouts share a timer per clock and length (see DeadlineQueue): not a timer per call. */
const deadlines = new WeakMap<Clock, Map<number, DeadlineQueue>>();

function deadlinesOf(clock: Clock, ms: number): DeadlineQueue {
  let byMs = deadlines.get(clock);
  if (!byMs) {
    byMs = new Map();
    deadlines.set(clock, byMs);
  }
  let queue = byMs.get(ms);
  if (!queue) {
    queue = new DeadlineQueue(clock, ms);
    byMs.set(ms, queue);
  }
  return queue;
}

/**
 * Not an async function: two of the three plug-ins a bot turn runs are immediate, and a promise
 * chain of the plug-in's own answer costs fewer objects than an async function around it.
 */
function runImmediate<T>(name: string, call: (call: PluginCall) => Promise<T>): Promise<PluginResult<T>> {
  let answer: Promise<T>;
  try {
    answer = call(IMMEDIATE_CALL);
  } catch (cause) {
    return Promise.resolve({ ok: false, error: failure(name, cause) });
  }
  return Promise.resolve(answer).then(succeeded, failedAs(name));
}

/**
 * What a plug-in's rejection becomes, one handler per plug-in name (a handful: understand,
 * shouldEscalate...) rather than a closure over the name made on every call.
 */
const failedHandlers = new Map<string, (cause: unknown) => PluginResult<never>>();

function failedAs(name: string): (cause: unknown) => PluginResult<never> {
  let handler = failedHandlers.get(name);
  if (!handler) {
    handler = (cause) => ({ ok: false, error: failure(name, cause) });
    failedHandlers.set(name, handler);
  }
  return handler;
}

const succeeded = <T>(value: T): PluginResult<T> => ({ ok: true, value });

function failure(name: string, cause: unknown): KefuError {
  return cause instanceof KefuError && cause.code === 'plugin_failed'
    ? cause
    : new KefuError(
        'plugin_failed',
        `plugin ${name} threw: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
}
