import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stopOnSignals } from '../src/stop-on-signals.ts';

describe('stopOnSignals (the demo on Ctrl+C)', () => {
  const removers: Array<() => void> = [];
  afterEach(() => {
    for (const remove of removers.splice(0)) remove();
    vi.useRealTimers();
  });

  it('closes once and exits 0, still listening while it closes so a repeated signal cannot kill it mid-close', async () => {
    const source = new EventEmitter();
    const exit = vi.fn();
    let finish!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    removers.push(stopOnSignals(close, { source, exit }));
    source.emit('SIGINT');
    // A listener left for the repeats of one Ctrl+C (the group's, pnpm's): without one, Node's
    // default action ends the process before the store is closed and its lock removed.
    expect(source.listenerCount('SIGINT')).toBe(1);
    source.emit('SIGINT');
    source.emit('SIGTERM');
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when the close fails or hangs', async () => {
    vi.useFakeTimers();
    const failing = new EventEmitter();
    const exitFailing = vi.fn();
    removers.push(
      stopOnSignals(() => Promise.reject(new Error('store gone')), { source: failing, exit: exitFailing }),
    );
    failing.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(0);
    expect(exitFailing).toHaveBeenCalledWith(1);

    const hanging = new EventEmitter();
    const exitHanging = vi.fn();
    removers.push(
      stopOnSignals(() => new Promise<void>(() => {}), {
        source: hanging,
        exit: exitHanging,
        timeoutMs: 10_000,
      }),
    );
    hanging.emit('SIGINT');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(exitHanging).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(exitHanging).toHaveBeenCalledWith(1);
  });
});
