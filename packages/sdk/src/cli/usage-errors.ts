import { withinOneEdit } from '../faq/typo.ts';
import { CliError } from './cli-io.ts';

/** The commands `kefu` knows, for "did you mean" on a mistyped one. */
export const COMMANDS = ['hub', 'config', 'migrate', 'kb', 'token', 'api-key', 'help', 'version'] as const;

/** The word a typo was meant to be (one edit away, case aside), or undefined. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return known.find((k) => withinOneEdit(lower, k.toLowerCase()));
}

function didYouMean(word: string, known: readonly string[], prefix = ''): string {
  const near = nearest(word, known);
  return near ? ` (did you mean ${prefix}${near}?)` : '';
}

/**
 * `kefu kb chek`: the unknown subcommand, the one it was meant to be, then the command's usage
 * (a bare usage line left the typo to be found in it).
 */
export function unknownSubcommand(
  command: string,
  sub: string,
  known: readonly string[],
  usage: string,
): CliError {
  return new CliError(`unknown subcommand "${sub}" of kefu ${command}${didYouMean(sub, known)}; ${usage}`, 2);
}

/** `kefu cofig`: the unknown command, and the one it was meant to be. */
export function unknownCommand(command: string): CliError {
  return new CliError(`unknown command "${command}"${didYouMean(command, COMMANDS)}`, 2);
}

/**
 * node:util's parseArgs errors, said in the command's terms: which option, what it was meant to be,
 * and what the command takes. Its own text advises `--` for "a positional argument starting with
 * a '-'", which is never what a `kefu` user meant.
 */
export function argumentError(error: unknown, command: string, options: readonly string[]): CliError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const takes = options.length
    ? `"kefu ${command}" takes ${options.map((o) => `--${o}`).join(', ')}`
    : `"kefu ${command}" takes no options`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'(-{1,2}[^']*)'/.exec(message)?.[1] ?? message;
    const near = nearest(given.replace(/^-+/, ''), options);
    return new CliError(`unknown option ${given}${near ? ` (did you mean --${near}?)` : ''}: ${takes}`, 2);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /'--([\w-]+)/.exec(message)?.[1];
    if (name && /argument missing/.test(message))
      return new CliError(`--${name} needs a value: --${name} <${name === 'config' ? 'file' : 'value'}>`, 2);
    if (name) return new CliError(`--${name} takes no value: ${takes}`, 2);
  }
  return new CliError(message, 2);
}

/**
 * An argument past those a command takes (`kefu hub prod.yaml`), which would otherwise be ignored
 * while the command ran on kefu.config.yaml; a config file's name gets the `--config` it needs.
 */
export function unexpectedArgument(arg: string, command: string): CliError {
  const config =
    /\.(ya?ml|json)$/i.test(arg) && !command.startsWith('kb')
      ? `: name the config file with --config (kefu ${command} --config ${arg})`
      : `: "kefu ${command}" takes no further argument`;
  return new CliError(`unexpected argument "${arg}"${config}`, 2);
}

/** `--scopes read,raed`: each unknown scope, what it was meant to be, and the ones there are. */
export function unknownScopes(unknown: readonly string[], known: readonly string[]): CliError {
  const each = unknown.map((s) => `"${s}"${didYouMean(s, known)}`).join(', ');
  return new CliError(
    `--scopes: unknown scope ${each}; give one or more of ${known.join(', ')}, comma-separated`,
    2,
  );
}
