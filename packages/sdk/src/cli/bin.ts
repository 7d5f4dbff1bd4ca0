#!/usr/bin/env node
import { processIo } from './cli-io.ts';
import { runCli } from './run-cli.ts';

const result = await runCli(process.argv.slice(2), processIo);
if (typeof result === 'number') process.exitCode = result;
else {
  // The hub runs until SIGTERM (orchestrators) or SIGINT (Ctrl-C): then it closes connections
  // with `server_shutdown`, so clients resume on another node, and waits for writes in flight.
  const stop = async () => {
    await result();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
