#!/usr/bin/env node
import { processIo } from './cli-io.ts';
import { stopOnSignals } from './graceful-stop.ts';
import { runCli } from './run-cli.ts';

const result = await runCli(process.argv.slice(2), processIo);
if (typeof result === 'number') process.exitCode = result;
else stopOnSignals(result, processIo, (code) => process.exit(code));
