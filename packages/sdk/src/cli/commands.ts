import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { systemClock } from '../clock.ts';
import { createHubFromConfig } from '../config/hub-from-config.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { busKind, openStore, storeKind } from '../config/open-backends.ts';
import { checkKnowledgeBase } from '../faq/check-knowledge-base.ts';
import { KnowledgeBaseError, knowledgeBaseIssueText } from '../faq/knowledge-base.ts';
import { type KnowledgeBaseText, knowledgeBaseText } from '../faq/knowledge-base-export.ts';
import {
  type KnowledgeBaseFormat,
  knowledgeBaseFileWriter,
  knowledgeBaseFormatOf,
  readKnowledgeBaseFile,
} from '../faq/knowledge-base-file.ts';
import { createApiKeys, newApiKey } from '../hub/api-keys.ts';
import { IDENTITY_BOUNDS, signIdentity } from '../hub/identity.ts';
import { defaultIds } from '../ids.ts';
import { API_KEY_SCOPES, type ApiKeyScope } from '../store/api-keys.ts';
import { type MigrationOutcome, SCHEMA_VERSION } from '../store/sql/migrations.ts';
import { CliError, type CliIo } from './cli-io.ts';
import { unknownScopes } from './usage-errors.ts';

/** A hub `kefu hub` started: what its signal handling needs (graceful-stop.ts). */
export interface RunningHub {
  close(): Promise<void>;
  /** What `close` is waiting for now; undefined unless closing. */
  closing(): string | undefined;
  /** How long a graceful shutdown may take before the process exits 1. */
  shutdownTimeoutMs: number;
}

/** Starts the hub a config describes; resolves once it listens. */
export async function startHub(loaded: LoadedConfig, io: CliIo): Promise<RunningHub> {
  const configured = await createHubFromConfig(loaded);
  let url: string;
  try {
    ({ url } = await configured.listen());
  } catch (error) {
    // E.g. the port is taken: what the config opened (store, bus, watchers) must not keep the process up.
    await configured.close();
    throw error;
  }
  const { config } = configured;
  for (const note of configNotes(config)) io.err(note);
  // With `path` set the hub refuses upgrades on any other path (`path_refused`): print the URL a
  // client connects to, not one that sends operators to that refusal.
  io.out(
    `kefu hub listening on ${url}${config.path ?? ''} (store ${storeKind(config.store)}, bus ${busKind(config.bus)}, ${siteAndAgentCount(config)})`,
  );
  return {
    close: configured.close,
    closing: configured.closing,
    shutdownTimeoutMs: config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
  };
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * What a valid config does that its writer may not expect, for `kefu hub` and `kefu config check`
 * (on standard error): a single CSV (or TSV) knowledge base is edited through the HTTP API and the console's
 * knowledge page, but those edits are not written back to it, so they are gone when the hub stops.
 */
export function configNotes(config: LoadedConfig['config']): string[] {
  const notes: string[] = [];
  const kb = config.knowledgeBase;
  // The files the hub does not write edits back to (knowledgeBaseFileWriter): a CSV or TSV.
  if (typeof kb === 'string' && !knowledgeBaseFileWriter(kb)) {
    const json = kb.replace(/\.[^./\\]+$/, '.json');
    notes.push(
      `note: knowledgeBase ${kb} is a ${knowledgeBaseFormatOf(kb).toUpperCase()}: edits through the HTTP API and the console's knowledge page are not written back to it and are lost when the hub stops; to keep them, use JSON or YAML (kefu kb import ${kb} --out ${json}, then knowledgeBase: ${json})`,
    );
  }
  // A node left without the bus beside others on the same database runs cut off from them (QA found
  // it silent): it hands out the shared queue to its own agents only, and never hears the others.
  if (
    storeKind(config.store) === 'postgres' &&
    (config.bus === undefined || busKind(config.bus) === 'memory')
  )
    notes.push(
      'note: the store is PostgreSQL and the bus is in memory: this node works alone. Every node that shares this database needs the same bus (bus: redis://…), or each serves its own agents and shoppers only',
    );
  return notes;
}

/** "1 site, 2 agents": what a config sets up, for `kefu hub` and `kefu config check`. */
export function siteAndAgentCount(config: LoadedConfig['config']): string {
  return `${counted(config.sites.length, 'site')}, ${counted(config.agents?.length ?? 0, 'agent')}`;
}

/** "1 entry", "2 entries". */
function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/**
 * Applies the store's migrations and says what it did: created the schema, upgraded it (from which
 * version), or found it up to date. Before 2026-12-05 all three printed the same line.
 */
export async function migrate(loaded: LoadedConfig, io: CliIo): Promise<void> {
  const kind = storeKind(loaded.config.store);
  if (kind === 'memory') {
    io.out('store memory: nothing to migrate');
    return;
  }
  // Opening a SQL store applies what is missing, under an advisory lock (safe beside running nodes).
  let outcome: MigrationOutcome | undefined;
  const store = await openStore(loaded.config.store, loaded.baseDir, undefined, (o) => {
    outcome = o;
  });
  await store.close();
  const schema = typeof loaded.config.store === 'string' ? 'kefu' : (loaded.config.store.schema ?? 'kefu');
  io.out(`store ${kind}: ${migrationSummary(schema, outcome ?? { from: SCHEMA_VERSION, applied: [] })}`);
}

/** "schema kefu created at version 9 (9 migrations applied)", "… upgraded …", "… already at …". */
export function migrationSummary(schema: string, { from, applied }: MigrationOutcome): string {
  if (applied.length === 0) return `schema ${schema} already at version ${from}: nothing to apply`;
  const steps = `${counted(applied.length, 'migration')} applied`;
  return from === 0
    ? `schema ${schema} created at version ${SCHEMA_VERSION} (${steps})`
    : `schema ${schema} upgraded from version ${from} to ${SCHEMA_VERSION} (${steps})`;
}

/** `kb check` reports how far it is after this many entries. */
const PROGRESS_EVERY = 1000;

/**
 * Checks a knowledge-base file: exit 1 with every problem named when it cannot load; otherwise
 * the doctor's findings (entries the bot will confuse, where an alternate would help), and exit 1
 * only when one is an error.
 */
export async function checkKnowledgeBaseFile(file: string, io: CliIo): Promise<number> {
  const kb = await readKnowledgeBaseFile(resolve(io.cwd, file));
  const questions = kb.entries.reduce((n, e) => n + 1 + e.alternatives.length, 0);
  // A big knowledge base takes a while (10,000 entries: tens of seconds): say how far it is.
  const report = checkKnowledgeBase(kb, {}, (checked, of) => {
    if (checked > 0 && checked % PROGRESS_EVERY === 0)
      io.err(`checked ${checked.toLocaleString('en')} of ${of.toLocaleString('en')} entries…`);
  });
  io.out(
    `${file}: ${counted(kb.entries.length, 'entry', 'entries')}, ${counted(questions, 'question')}; ${counted(report.findings.length, 'finding')}`,
  );
  for (const f of report.findings) io.out(`  ${f.severity} ${f.kind} [${f.entryId}]: ${f.message}`);
  // A CSV of the header alone, or whose rows all came out blank, loads: say what it would do.
  if (!kb.entries.length) io.out('  warning: no entries, so the bot would decline every question');
  return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/**
 * `kefu kb check --config <file>`: checks each knowledge-base file the config names (one, or one per
 * language), as the hub will load them (relative to the config file). Exit 1 if any has an error.
 */
export async function checkConfigKnowledgeBase(loaded: LoadedConfig, io: CliIo): Promise<number> {
  const spec = loaded.config.knowledgeBase;
  if (spec === undefined) throw new CliError(`${loaded.file}: sets no knowledgeBase to check`);
  let status = 0;
  for (const file of typeof spec === 'string' ? [spec] : Object.values(spec)) {
    // Named from where the command runs, as `kb check <file>` names the file it was given.
    const path = relative(io.cwd, resolve(loaded.baseDir, file));
    try {
      status = Math.max(status, await checkKnowledgeBaseFile(path, io));
    } catch (error) {
      if (error instanceof KnowledgeBaseError) io.err(`${path}:`);
      throw error;
    }
  }
  return status;
}

/** Converts a CSV, YAML or JSON knowledge base into Kefu's JSON (to `out`, or standard output). */
export async function importKnowledgeBase(file: string, out: string | undefined, io: CliIo): Promise<void> {
  if (out !== undefined) importOut(out, io.cwd);
  const kb = await readKnowledgeBaseFile(resolve(io.cwd, file));
  await writeOut(`${JSON.stringify(kb, null, 2)}\n`, out, io);
  if (out) io.err(`${file} → ${out}: ${counted(kb.entries.length, 'entry', 'entries')}`);
}

/** Whether `--out` names a folder: written as one (a trailing slash) or one that exists. */
function namesFolder(out: string, cwd: string): boolean {
  return /[/\\]$/.test(out) || statSync(resolve(cwd, out), { throwIfNoEntry: false })?.isDirectory() === true;
}

/**
 * `kb import --out`: a file the hub reads back as JSON. Its format goes by the name, so `--out faq`
 * (no extension) or `--out faq.csv` left a file the hub could not load, and a folder failed with EISDIR.
 */
function importOut(out: string, cwd: string): void {
  if (namesFolder(out, cwd))
    throw new CliError(`--out ${out} is a folder: name the file, e.g. --out ${join(out, 'faq.json')}`, 2);
  const ext = extname(out).toLowerCase();
  if (ext !== '.json')
    throw new CliError(
      `--out ${out}: kb import writes Kefu JSON, which the hub reads from a .json file: --out ${ext ? out.slice(0, -ext.length) : out}.json`,
      2,
    );
}

/** The formats `kb export --format` takes (`yml` is `yaml`). */
const EXPORT_FORMATS: readonly KnowledgeBaseFormat[] = ['csv', 'tsv', 'json', 'yaml'];

/**
 * `kefu kb export [<file>]`: a knowledge base (the file, else the one the config names) written in
 * `--format`, else the format `--out`'s name says, else JSON, as `kb import` reads it back.
 */
export async function exportKnowledgeBase(
  file: string,
  options: { format?: string | undefined; out?: string | undefined },
  io: CliIo,
): Promise<void> {
  const format = exportFormat(options.format, options.out, io.cwd);
  const kb = await readKnowledgeBaseFile(resolve(io.cwd, file));
  let written: KnowledgeBaseText;
  try {
    written = knowledgeBaseText(kb, format);
  } catch (error) {
    // The file is valid: it is the format that cannot hold it, which "Invalid knowledge base" would hide.
    if (!(error instanceof KnowledgeBaseError)) throw error;
    throw new CliError(
      `${file} cannot be exported as ${format.toUpperCase()} as it is written (${counted(error.issues.length, 'problem')}):\n${error.issues.map((i) => `  - ${knowledgeBaseIssueText(i)}`).join('\n')}`,
    );
  }
  for (const note of written.notes) io.err(`note: ${note}`);
  await writeOut(written.text, options.out, io);
  if (options.out) io.err(`${file} → ${options.out}: ${counted(kb.entries.length, 'entry', 'entries')}`);
}

/** `--format`, checked against the name of `--out`: `kb import` goes by the name, so they must agree. */
function exportFormat(option: string | undefined, out: string | undefined, cwd: string): KnowledgeBaseFormat {
  const lower = option?.toLowerCase();
  const named = lower === 'yml' ? 'yaml' : lower;
  if (named !== undefined && !EXPORT_FORMATS.includes(named as KnowledgeBaseFormat))
    throw new CliError(`--format ${option}: use ${EXPORT_FORMATS.join(', ')}`, 2);
  let byName: KnowledgeBaseFormat | undefined;
  try {
    byName = out === undefined ? undefined : knowledgeBaseFormatOf(out);
  } catch (error) {
    if (!(error instanceof KnowledgeBaseError) || out === undefined) throw error;
    // A folder, or a name without an extension, was 'unknown format "exports"': say what to write.
    const ext = `.${named ?? 'json'}`;
    if (namesFolder(out, cwd))
      throw new CliError(`--out ${out} is a folder: name the file, e.g. --out ${join(out, `faq${ext}`)}`, 2);
    if (!extname(out))
      throw new CliError(
        `--out ${out} has no extension, which kefu kb import reads the format from: --out ${out}${ext}`,
        2,
      );
    throw new CliError(`--out ${out}: ${error.issues[0]!.message}`, 2);
  }
  if (named && byName && named !== byName)
    throw new CliError(
      `--out ${out} is read as ${byName.toUpperCase()} by kefu kb import: name it .${named}, or drop --format`,
      2,
    );
  return (named as KnowledgeBaseFormat | undefined) ?? byName ?? 'json';
}

/** The one knowledge-base file a config names, from where the command runs (`kb export` without a file). */
export function configKnowledgeBaseFile(loaded: LoadedConfig, io: CliIo): string {
  const spec = loaded.config.knowledgeBase;
  if (spec === undefined) throw new CliError(`${loaded.file}: sets no knowledgeBase to export`);
  const files = (typeof spec === 'string' ? [spec] : Object.values(spec)).map((f) =>
    relative(io.cwd, resolve(loaded.baseDir, f)),
  );
  if (files.length > 1)
    throw new CliError(
      `${loaded.file} names one knowledge base per language (${files.join(', ')}): export one at a time, kefu kb export ${files[0]}`,
    );
  return files[0]!;
}

/** Writes a command's file to `out`, or to standard output. */
async function writeOut(text: string, out: string | undefined, io: CliIo): Promise<void> {
  if (!out) {
    io.out(text.trimEnd());
    return;
  }
  const target = resolve(io.cwd, out);
  await writeFile(target, text).catch((error: unknown) => {
    // ENOENT on a write is the folder: "no such file" of the file being made reads as a wrong input.
    if ((error as { code?: unknown }).code === 'ENOENT')
      throw new CliError(`--out ${dirname(target)}: no such folder; create it first`);
    throw error;
  });
}

export interface TokenArgs {
  site?: string | undefined;
  user?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
  tier?: string | undefined;
  ttl?: string | undefined;
}

/** Signs a shopper identity token with a site's `identitySecret`, as the merchant's server would. */
export function identityToken(loaded: LoadedConfig, args: TokenArgs): string {
  // The command line first (exit 2), whatever the config holds: the same mistake, the same answer.
  if (!args.user) throw new CliError('--user <id> is required: the shopper id in your shop', 2);
  const ttlSeconds = args.ttl === undefined ? 600 : Number(args.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > IDENTITY_BOUNDS.maxLifetimeS)
    throw new CliError(
      `--ttl must be a whole number of seconds from 1 to ${IDENTITY_BOUNDS.maxLifetimeS}`,
      2,
    );
  const { sites } = loaded.config;
  const site = args.site ? sites.find((s) => s.key === args.site) : sites[0];
  // A site the config does not have is exit 1, as a key or file that is not there: "kefu help"
  // could not name the config's sites, so the message does.
  if (!site)
    throw new CliError(
      `no site "${args.site}" in ${loaded.file}: --site takes one of its sites (${sites.map((s) => s.key).join(', ')})`,
    );
  if (!site.identitySecret)
    throw new CliError(
      `site "${site.key}" has no identitySecret to sign with: add identitySecret: \${KEFU_IDENTITY_SECRET} to it in the config (openssl rand -hex 32), the secret your shop's server signs logged-in shoppers with`,
    );
  return signIdentity(
    {
      id: args.user,
      ...(args.name !== undefined && { name: args.name }),
      ...(args.email !== undefined && { email: args.email }),
      ...(args.tier !== undefined && { tier: args.tier }),
    },
    site.identitySecret,
    { audience: site.key, ttlSeconds },
  );
}

type ApiKeyArgs = { name?: string | undefined; scopes?: string | undefined; id?: string | undefined };

export const API_KEY_USAGE =
  'usage: kefu api-key create --name <n> --scopes read,write,admin [--seed] | list | revoke <id>';
export const API_KEY_ACTIONS: readonly string[] = ['create', 'list', 'revoke'];

/**
 * `kefu api-key create|list|revoke` on the config's store. A memory store forgets keys when the
 * hub stops, so there `create` prints the seed to put under `http.apiKeys` instead.
 */
export async function apiKeys(loaded: LoadedConfig, action: string | undefined, args: ApiKeyArgs, io: CliIo) {
  if (action !== 'create' && action !== 'list' && action !== 'revoke') throw new CliError(API_KEY_USAGE, 2);
  if (storeKind(loaded.config.store) === 'memory') {
    if (action !== 'create')
      throw new CliError('the config keeps a memory store: its keys are the seeds under http.apiKeys');
    apiKeySeed(action, args, io, 'The config keeps a memory store: add');
    return;
  }
  const store = await openStore(loaded.config.store, loaded.baseDir);
  try {
    const { keys } = createApiKeys({ store, clock: systemClock, ids: defaultIds, seed: [] });
    if (action === 'list') {
      for (const k of await keys.list())
        io.out(`${k.id}\t${k.name}\t${k.scopes.join(',')}\t${k.revokedAt ? 'revoked' : 'active'}`);
      return;
    }
    if (action === 'revoke') {
      if (!args.id) throw new CliError('usage: kefu api-key revoke <id>', 2);
      if (!(await keys.revoke(args.id)))
        throw new CliError(
          `no API key ${args.id} in this store: \`kefu api-key list\` shows the ids there are`,
        );
      io.out(`revoked ${args.id}`);
      return;
    }
    const { id, key } = await keys.create(createInput(args));
    io.out(key);
    io.err(
      `API key ${id} stored in the ${storeKind(loaded.config.store)} store; the key above is shown once.`,
    );
  } finally {
    await store.close();
  }
}

/**
 * `kefu api-key create --seed`: a new key and the config entry that seeds it, without opening a
 * store, so the first key of a PGlite hub (whose directory the running hub holds) needs no stop.
 */
export function apiKeySeed(action: string | undefined, args: ApiKeyArgs, io: CliIo, lead = 'Add'): void {
  if (action !== 'create') throw new CliError('usage: kefu api-key create --seed --name <n> --scopes <s>', 2);
  const { key, seed } = newApiKey(createInput(args), defaultIds);
  io.out(key);
  io.err(
    `${lead} this seed under http.apiKeys in the config file; it holds only the key's hash, and the key above is shown once:`,
  );
  io.err(
    `  - { id: ${seed.id}, name: ${JSON.stringify(seed.name)}, scopes: [${seed.scopes.join(', ')}], hash: ${seed.hash} }`,
  );
}

/** `--name` and `--scopes` of `kefu api-key create`, checked. */
function createInput(args: ApiKeyArgs): { name: string; scopes: ApiKeyScope[] } {
  const scopes = (args.scopes ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) throw unknownScopes(unknown, API_KEY_SCOPES);
  if (!args.name || scopes.length === 0)
    throw new CliError(`--name <label> and --scopes <${API_KEY_SCOPES.join(',')}> are required`, 2);
  return { name: args.name, scopes: scopes as ApiKeyScope[] };
}
