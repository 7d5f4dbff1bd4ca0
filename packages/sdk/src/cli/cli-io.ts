/** Where a command writes and what it reads, so tests run commands in-process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A command's failure the user can fix (bad arguments, bad config): printed without a stack trace. */
export class CliError extends Error {
  readonly code = 'CLI_USAGE';
  /** 2 for wrong usage, 1 for everything else (as most Unix tools). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  get cwd() {
    return process.cwd();
  },
};
