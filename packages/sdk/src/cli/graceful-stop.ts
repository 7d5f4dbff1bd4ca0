import type { CliIo } from './cli-io.ts';
import type { RunningHub } from './commands.ts';

/**
 * Closes the hub on SIGTERM (orchestrators) or SIGINT (Ctrl-C): connections end with
 * `server_shutdown`, so clients resume on another node, and writes in flight finish. A stuck
 * database must not keep the process up for ever: past `shutdownTimeoutMs` it exits 1 naming what
 * it was waiting for, and a second signal exits at once.
 */
export function stopOnSignals(hub: RunningHub, io: CliIo, exit: (code: number) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      io.err(`kefu: ${signal} again: exiting now, still waiting for ${hub.closing() ?? 'the hub to close'}`);
      exit(1);
      return;
    }
    stopping = true;
    io.err(
      `kefu: ${signal}: closing the hub (up to ${hub.shutdownTimeoutMs} ms; send it again to exit at once)`,
    );
    const deadline = setTimeout(() => {
      io.err(
        `kefu: shutdown did not finish within ${hub.shutdownTimeoutMs} ms (shutdownTimeoutMs), still waiting for ${hub.closing() ?? 'the hub to close'}: exiting 1`,
      );
      exit(1);
    }, hub.shutdownTimeoutMs);
    hub.close().then(
      () => {
        clearTimeout(deadline);
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        io.err(`kefu: shutdown failed: ${(error as Error).message}`);
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
