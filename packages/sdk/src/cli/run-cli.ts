import { parseArgs } from 'node:util';
import { checkConfigReferences, withReferenceIssues } from '../config/hub-from-config.ts';
import {
  type ConfigVariables,
  KefuConfigError,
  type LoadedConfig,
  namingConfigFile,
} from '../config/load-config.ts';
import { KnowledgeBaseError } from '../faq/knowledge-base.ts';
import { SDK_VERSION } from '../sdk-version.ts';
import { CliError, type CliIo } from './cli-io.ts';
import {
  API_KEY_ACTIONS,
  API_KEY_USAGE,
  apiKeySeed,
  apiKeys,
  checkConfigKnowledgeBase,
  checkKnowledgeBaseFile,
  configKnowledgeBaseFile,
  configNotes,
  exportKnowledgeBase,
  identityToken,
  importKnowledgeBase,
  migrate,
  type RunningHub,
  siteAndAgentCount,
  startHub,
} from './commands.ts';
import { configFrom } from './config-file.ts';
import { explainError } from './explain-error.ts';
import { argumentError, unexpectedArgument, unknownCommand, unknownSubcommand } from './usage-errors.ts';

/** What `kefu kb` does. */
const KB_SUBCOMMANDS: readonly string[] = ['check', 'import', 'export'];

export const USAGE = `Usage: kefu <command> [options]

Commands:
  hub [--config <file>]             start a hub from a config file (default: kefu.config.yaml|yml|json here)
  config check [--config <file>]    validate a config file and say what it sets up
  migrate [--config <file>]         apply the store's schema migrations and exit
  kb check [<file>] [--config <file>]
                                    check a knowledge base (.json, .csv, .yaml), else the config's: problems, and entries the bot will confuse
  kb import <file> [--out <file>]   convert a CSV/YAML/JSON knowledge base to Kefu's JSON
  kb export [<file>] [--format csv|tsv|json|yaml] [--out <file>]
                                    write a knowledge base (the file, else the config's) as CSV, TSV, JSON or YAML that kb import reads back the same
  token --user <id> [--site <key>] [--name <n>] [--email <e>] [--tier <t>] [--ttl <seconds>] [--config <file>]
                                    sign a test shopper identity token with the site's identitySecret
  api-key create --name <n> --scopes read,write,admin [--config <file>]
                                    create a key for the HTTP API (shown once); also: api-key list, api-key revoke <id>
  api-key create --seed --name <n> --scopes <s>
                                    make a key and print its entry for http.apiKeys, without opening the store
  help                              this text; version (or --version) prints the version

Config values may use \${VAR} and \${VAR:-default} to read environment variables.`;

/**
 * Runs one `kefu` command and returns its exit code; `hub` instead resolves with the running hub
 * (the caller owns signals: graceful-stop.ts). Errors a user can fix are printed as one clear message.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number | RunningHub> {
  // The loaded config's variables, so an unreachable store names the DATABASE_URL it came from.
  const seen: { variables?: ConfigVariables } = {};
  try {
    return await dispatch(argv, io, seen);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`kefu: ${error.message}`);
      if (error.exitCode === 2) io.err('Run "kefu help" for usage.');
      return error.exitCode;
    }
    if (error instanceof KefuConfigError || error instanceof KnowledgeBaseError) {
      io.err(error.message);
      return 1;
    }
    // createHub refuses its options with a HubOptionsError (a TypeError) naming the field; the
    // other TypeErrors and RangeErrors of start-up name theirs too.
    if (error instanceof TypeError || error instanceof RangeError) {
      io.err(`kefu: ${error.message}`);
      return 1;
    }
    // A missing file, a busy port, a database that is not there: one line, no stack trace.
    const explained = explainError(error, seen.variables);
    if (explained) {
      io.err(`kefu: ${explained}`);
      return 1;
    }
    throw error;
  }
}

/**
 * `kefu <command> --help`: the usage lines of that command. Before 2026-12-05 it was "unknown
 * option --help", exit 2.
 */
export function commandUsage(command: string): string | undefined {
  const blocks = USAGE.split('\n').reduce<string[][]>((all, line) => {
    if (/^ {2}\S/.test(line)) all.push([line]);
    else if (/^ {3,}\S/.test(line)) all.at(-1)?.push(line);
    return all;
  }, []);
  const mine = blocks.filter((b) => b[0]!.trim().split(' ')[0] === command);
  return mine.length ? `Usage: kefu ${command} …\n\n${mine.flat().join('\n')}` : undefined;
}

async function dispatch(
  argv: string[],
  io: CliIo,
  seen: { variables?: ConfigVariables },
): Promise<number | RunningHub> {
  const [command, ...rest] = argv;
  const help = command && rest.some((a) => a === '--help' || a === '-h') && commandUsage(command);
  if (help) {
    io.out(help);
    return 0;
  }
  // Every option is a string; each command names the ones it takes, so a stray one is an error,
  // and so is an argument past the ones it takes (`kefu config check prod.yaml` checked
  // kefu.config.yaml and said "valid"). A name written `--seed` is a flag (no value), read from `flags`.
  const args = (positionals: number, ...names: string[]) => {
    const options = Object.fromEntries(
      ['config', ...names].map((n) =>
        n.startsWith('--') ? [n.slice(2), { type: 'boolean' as const }] : [n, { type: 'string' as const }],
      ),
    );
    try {
      const parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
      const stray = parsed.positionals[positionals];
      if (stray !== undefined)
        throw unexpectedArgument(stray, [command, ...parsed.positionals.slice(0, positionals)].join(' '));
      const values: Record<string, string | undefined> = {};
      const flags: Record<string, boolean> = {};
      for (const [name, value] of Object.entries(parsed.values as Record<string, string | boolean>))
        if (typeof value === 'boolean') flags[name] = value;
        else values[name] = value;
      return { values, flags, positionals: parsed.positionals };
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw argumentError(
        error,
        command ?? '',
        ['config', ...names].map((n) => n.replace(/^--/, '')),
      );
    }
  };
  // Runs a command on the loaded config; its config errors name the file.
  const withConfig = async <T>(option: string | undefined, run: (loaded: LoadedConfig) => Promise<T>) => {
    const loaded = await configFrom(option, io);
    if (loaded.variables) seen.variables = loaded.variables;
    try {
      return await run(loaded);
    } catch (error) {
      throw namingConfigFile(error, loaded.file, loaded.variables);
    }
  };
  switch (command) {
    case 'hub':
      return withConfig(args(0).values.config, (loaded) => startHub(loaded, io));
    case 'migrate':
      await withConfig(args(0).values.config, (loaded) => migrate(loaded, io));
      return 0;
    case 'config': {
      const { values, positionals } = args(1);
      if (positionals[0] !== 'check') {
        const usage = 'usage: kefu config check [--config <file>]';
        if (positionals[0] === undefined) throw new CliError(usage, 2);
        throw unknownSubcommand('config', positionals[0], ['check'], usage);
      }
      const loaded = await configFrom(values.config, io).catch(async (error: unknown) => {
        throw error instanceof KefuConfigError ? await withReferenceIssues(error) : error;
      });
      await checkConfigReferences(loaded);
      const { config, file } = loaded;
      io.out(`${file}: valid (${siteAndAgentCount(config)})`);
      for (const note of configNotes(config)) io.err(note);
      return 0;
    }
    case 'kb': {
      const { values, positionals } = args(2, 'out', 'format');
      const [sub, given] = positionals;
      const usage =
        'usage: kefu kb check [<file>] | kefu kb check [--config <file>] | kefu kb import <file> [--out <file>] | kefu kb export [<file>] [--format csv|tsv|json|yaml] [--out <file>]';
      if (sub !== undefined && !KB_SUBCOMMANDS.includes(sub))
        throw unknownSubcommand('kb', sub, KB_SUBCOMMANDS, usage);
      if (values.format !== undefined && sub !== 'export')
        throw new CliError(`--format is for kefu kb export (${usage})`, 2);
      // --config was read by every command and used by none here: `kb check faq.csv --config x` checked
      // faq.csv, and `kb check --config x` was a usage error.
      // `kb check` and `kb export` alone read the knowledge base the hub runs on: the config's, found
      // as `kefu hub` finds it (`kb check` alone was a usage error beside a kefu.config.yaml).
      const config = () =>
        configFrom(values.config, io).catch((error: unknown) => {
          // Without a config here, the file is what was left out.
          if (!(error instanceof CliError) || values.config !== undefined) throw error;
          throw new CliError(
            `${error.message}; or name the knowledge base: kefu kb ${sub} ${sub === 'check' ? 'faq.csv' : 'faq.json'}`,
            2,
          );
        });
      if (sub === 'check' && !given) return await checkConfigKnowledgeBase(await config(), io);
      const file = sub === 'export' && !given ? configKnowledgeBaseFile(await config(), io) : given;
      if (!file || (sub !== 'check' && sub !== 'import' && sub !== 'export')) throw new CliError(usage, 2);
      if (given && values.config !== undefined)
        throw new CliError(
          `kefu kb ${sub} ${file} reads that file, not a config: drop --config (${usage})`,
          2,
        );
      try {
        if (sub === 'check') return await checkKnowledgeBaseFile(file, io);
        if (sub === 'export') await exportKnowledgeBase(file, values, io);
        else await importKnowledgeBase(file, values.out, io);
        return 0;
      } catch (error) {
        // Its problems name entries and fields: which file they are in comes first.
        if (error instanceof KnowledgeBaseError) io.err(`${file}:`);
        throw error;
      }
    }
    case 'token': {
      const { values } = args(0, 'site', 'user', 'name', 'email', 'tier', 'ttl');
      io.out(identityToken(await configFrom(values.config, io), values));
      return 0;
    }
    case 'api-key': {
      const { values, flags, positionals } = args(2, 'name', 'scopes', '--seed');
      const action = positionals[0];
      if (action !== undefined && !API_KEY_ACTIONS.includes(action))
        throw unknownSubcommand('api-key', action, API_KEY_ACTIONS, API_KEY_USAGE);
      // Opens no store, so it needs no config either: the hub may be running on its PGlite.
      if (flags.seed) {
        apiKeySeed(positionals[0], values, io);
        return 0;
      }
      await withConfig(values.config, (loaded) =>
        apiKeys(loaded, positionals[0], { ...values, id: positionals[1] }, io),
      );
      return 0;
    }
    case 'version':
    case '--version':
    case '-v':
      io.out(SDK_VERSION);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return 0;
    default:
      throw unknownCommand(command);
  }
}
