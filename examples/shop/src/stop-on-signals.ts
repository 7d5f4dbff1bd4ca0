/** Where the signals come from: the process, or an emitter in a test. */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface StopOnSignalsOptions {
  source?: SignalSource;
  exit?: (code: number) => void;
  /** A close that hangs still ends the process after this long, with exit 1. */
  timeoutMs?: number;
}

/**
 * Closes the demo once on SIGINT or SIGTERM, then exits 0. One Ctrl+C reaches the demo more than
 * once (the terminal signals the whole process group under `pnpm demo`, and pnpm passes it on), so
 * the listener stays while closing and a repeat is ignored: with none left, the repeat killed the
 * process mid-close, leaving PGlite unclosed and its lock behind. Returns a function that removes it.
 */
export function stopOnSignals(close: () => Promise<void>, options: StopOnSignalsOptions = {}): () => void {
  const { source = process, exit = (code: number) => process.exit(code), timeoutMs = 10_000 } = options;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => exit(1), timeoutMs).unref();
    close().then(
      () => exit(0),
      () => exit(1),
    );
  };
  source.on('SIGINT', stop);
  source.on('SIGTERM', stop);
  return () => {
    source.off('SIGINT', stop);
    source.off('SIGTERM', stop);
  };
}
