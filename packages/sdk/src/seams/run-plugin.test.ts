import { KefuError } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { immediatePlugin, type PluginCall, runPlugin, runPluginNow } from './run-plugin.ts';

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runPlugin', () => {
  it('returns the value of a plug-in that answers in time, and shares one timer among calls', async () => {
    const clock = new ManualClock();
    const result = await runPlugin('answer', 1000, clock, async () => 'hello');
    expect(result).toEqual({ ok: true, value: 'hello' });
    await runPlugin('answer', 1000, clock, async () => 'again');
    expect(clock.pending).toBe(1);
    // The shared timer runs out with nothing left to expire, and is not armed again.
    clock.advance(1000);
    expect(clock.pending).toBe(0);
  });

  it('passes a signal that is not aborted while the plug-in is in time', async () => {
    const clock = new ManualClock();
    let seen: AbortSignal | undefined;
    await runPlugin('answer', 1000, clock, async (call) => {
      seen = call.signal;
      return null;
    });
    expect(seen?.aborted).toBe(false);
  });

  it('turns a thrown error into plugin_failed with the plug-in name and the cause', async () => {
    const cause = new Error('ECONNREFUSED orders.internal');
    const result = await runPlugin('lookupOrder', 1000, new ManualClock(), async () => {
      throw cause;
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(KefuError);
    expect(result.error.code).toBe('plugin_failed');
    expect(result.error.message).toBe('plugin lookupOrder threw: ECONNREFUSED orders.internal');
    expect(result.error.cause).toBe(cause);
  });

  it('catches a plug-in that throws synchronously, before returning a promise', async () => {
    const result = await runPlugin('route', 1000, new ManualClock(), () => {
      throw new Error('sync');
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'plugin_failed', message: 'plugin route threw: sync' },
    });
  });

  it('catches a thrown value that is not an Error', async () => {
    const result = await runPlugin('answer', 1000, new ManualClock(), async () => {
      throw 'just a string';
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'plugin_failed', message: 'plugin answer threw: just a string' },
    });
  });

  it('reports a KefuError of another code thrown by the plug-in as plugin_failed', async () => {
    const result = await runPlugin('answer', 1000, new ManualClock(), async () => {
      throw new KefuError('not_found', 'no such order');
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'plugin_failed' } });
  });

  it('gives up on a hanging plug-in after the timeout, with plugin_failed and the signal aborted', async () => {
    const clock = new ManualClock();
    let signal: AbortSignal | undefined;
    let settled = false;
    const running = runPlugin('answer', 3000, clock, (call) => {
      signal = call.signal;
      return new Promise<never>(() => {});
    }).then((r) => {
      settled = true;
      return r;
    });
    await settle();
    clock.advance(2999);
    await settle();
    expect(settled).toBe(false);
    expect(signal?.aborted).toBe(false);

    clock.advance(1);
    const result = await running;
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'plugin_failed', message: 'plugin answer did not answer within 3000 ms' },
    });
    expect(signal?.aborted).toBe(true);
  });

  it('gives a signal read only after the timeout already aborted', async () => {
    const clock = new ManualClock();
    let call: PluginCall | undefined;
    const running = runPlugin('answer', 100, clock, (c) => {
      call = c;
      return new Promise<never>(() => {});
    });
    await settle();
    clock.advance(100);
    await running;
    expect(call?.signal.aborted).toBe(true);
  });

  it("puts the call's signal into a plug-in context, where a spread of it keeps the signal", async () => {
    const clock = new ManualClock();
    let ctx: { locale: string; signal: AbortSignal } | undefined;
    await runPlugin('answer', 100, clock, async (call) => {
      ctx = call.context({ locale: 'en' });
      return null;
    });
    expect(ctx?.locale).toBe('en');
    expect({ ...ctx }.signal).toBeInstanceOf(AbortSignal);
    expect(ctx?.signal).toBe(ctx?.signal);
  });

  it('lets a plug-in that listens to the signal stop its own work on timeout', async () => {
    const clock = new ManualClock();
    let stoppedEarly = false;
    const running = runPlugin('lookupOrder', 500, clock, (call) => {
      return new Promise((_, reject) => {
        call.signal.addEventListener('abort', () => {
          stoppedEarly = true;
          reject(new Error('aborted'));
        });
      });
    });
    await settle();
    clock.advance(500);
    const result = await running;
    expect(stoppedEarly).toBe(true);
    // The timeout wins over the plug-in's own rejection: the log says why it stopped.
    expect(result).toMatchObject({
      ok: false,
      error: { message: 'plugin lookupOrder did not answer within 500 ms' },
    });
  });

  it('ignores a late answer from a plug-in that already timed out', async () => {
    const clock = new ManualClock();
    let answer!: (value: string) => void;
    const running = runPlugin(
      'answer',
      100,
      clock,
      () => new Promise<string>((resolve) => (answer = resolve)),
    );
    await settle();
    clock.advance(100);
    const result = await running;
    answer('too late');
    await settle();
    expect(result.ok).toBe(false);
  });

  it('runs one of our own immediate plug-ins without a timer, with a signal that is never aborted', async () => {
    const clock = new ManualClock();
    const understand = immediatePlugin(async (text: string, signal: AbortSignal) => ({
      text,
      aborted: signal.aborted,
    }));
    let pending = -1;
    const result = await runPlugin(
      'understand',
      1000,
      clock,
      (call) => {
        pending = clock.pending;
        return understand('hi', call.signal);
      },
      understand,
    );
    expect(result).toEqual({ ok: true, value: { text: 'hi', aborted: false } });
    expect(pending).toBe(0);
  });

  it('still turns an immediate plug-in that throws into plugin_failed', async () => {
    const rules = immediatePlugin(async () => {
      throw new Error('bad rule');
    });
    const result = await runPlugin('shouldEscalate', 1000, new ManualClock(), () => rules(), rules);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'plugin_failed', message: 'plugin shouldEscalate threw: bad rule' },
    });
  });

  it('gives a merchant plug-in passed as `plugin` its timer as before', async () => {
    const clock = new ManualClock();
    const answer = async () => 'late';
    const running = runPlugin('answer', 100, clock, () => new Promise<string>(() => {}), answer);
    expect(clock.pending).toBe(1);
    clock.advance(100);
    expect(await running).toMatchObject({ ok: false, error: { code: 'plugin_failed' } });
  });
});

describe('runPluginNow', () => {
  it("answers from an immediate plug-in's synchronous twin, with the context and a signal never aborted", () => {
    let asyncCalls = 0;
    const understand = immediatePlugin(
      async (text: string, _ctx: { locale: string; signal: AbortSignal }) => {
        asyncCalls++;
        return text;
      },
      (text, ctx) => `${text} (${ctx.locale}, aborted: ${ctx.signal.aborted})`,
    );
    const result = runPluginNow('understand', understand, 'hi', { locale: 'en' });
    expect(result).toEqual({ ok: true, value: 'hi (en, aborted: false)' });
    expect(asyncCalls).toBe(0);
  });

  it("turns the twin's throw into plugin_failed, as runPlugin does the plug-in's", () => {
    const rules = immediatePlugin(
      async (_input: number, _ctx: object) => true,
      () => {
        throw new Error('bad rule');
      },
    );
    expect(runPluginNow('shouldEscalate', rules, 1, {})).toMatchObject({
      ok: false,
      error: { code: 'plugin_failed', message: 'plugin shouldEscalate threw: bad rule' },
    });
  });

  it("leaves a plug-in without a twin (a merchant's, or immediate without one) to runPlugin", () => {
    const merchant = async (text: string, _ctx: object) => text;
    const immediate = immediatePlugin(async (text: string, _ctx: object) => text);
    expect(runPluginNow('understand', merchant, 'hi', {})).toBeUndefined();
    expect(runPluginNow('understand', immediate, 'hi', {})).toBeUndefined();
  });
});
