import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { z } from 'zod';
import { expectedAndReceived, type ValueWords } from '../issue-received.ts';
import { parseYaml } from '../parse-yaml.ts';
import { syntaxErrorLine } from '../syntax-error-line.ts';
import { type KefuConfig, KefuConfigSchema } from './config-schema.ts';
import { inDocumentOrder } from './issue-order.ts';
import { knownKeysAt, meantKey } from './known-keys.ts';

/** One problem in a config file: the key's full path (`agents[1].token`) and what is wrong. */
export interface KefuConfigIssue {
  path: string;
  message: string;
}

/** Thrown by `loadConfig`/`parseConfig`; `issues` lists every problem, not just the first. */
export class KefuConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly issues: KefuConfigIssue[];
  /** The file (or `config` when checked away from its file; see {@link namingConfigFile}). */
  readonly source: string;
  /**
   * The file's values after `${VAR}` substitution, when they parsed: `kefu config check` still
   * checks the store, bus, webhook and knowledge-base keys that are well-formed, so one run names
   * every problem.
   */
  readonly document?: unknown;
  /** Which environment variables gave which keys their values, to name them in each issue. */
  readonly variables?: ConfigVariables;

  constructor(source: string, given: KefuConfigIssue[], document?: unknown, variables?: ConfigVariables) {
    const issues = variables ? given.map((i) => namingVariables(i, variables)) : given;
    super(
      `Invalid Kefu config ${source} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues
        .map((i) => `  - ${i.path || '(root)'}: ${i.message}`)
        .join('\n')}`,
    );
    this.name = 'KefuConfigError';
    this.issues = issues;
    this.source = source;
    if (document !== undefined) this.document = document;
    if (variables !== undefined) this.variables = variables;
  }
}

/** For each key whose value came from `${VAR}`, the variables it read (`{ store: ['DATABASE_URL'] }`). */
export type ConfigVariables = Readonly<Record<string, readonly string[]>>;

/**
 * The variables that gave `path` its value (or its `url`, as `store: { url }` writes it): a wrong
 * `DATABASE_URL` was reported as a wrong `store`, and the file shows only `store: ${DATABASE_URL}`.
 */
export function variablesAt(path: string, variables: ConfigVariables | undefined): string[] {
  if (!variables || !path) return [];
  return [...new Set([...(variables[path] ?? []), ...(variables[`${path}.url`] ?? [])])];
}

/** An issue about a value from the environment says which variable to fix (once). */
function namingVariables(issue: KefuConfigIssue, variables: ConfigVariables): KefuConfigIssue {
  const names = variablesAt(issue.path, variables);
  if (!names.length || /environment variable \w+ is not set/.test(issue.message)) return issue;
  const note = ` (${issue.path} is read from ${names.map((n) => `\${${n}}`).join(', ')})`;
  return issue.message.endsWith(note) ? issue : { ...issue, message: `${issue.message}${note}` };
}

/**
 * A config error found after loading (store URL, knowledge-base file …) names only `config`:
 * this gives it the file's name instead. Anything else is returned as is.
 */
export function namingConfigFile(error: unknown, file: string, variables?: ConfigVariables): unknown {
  return error instanceof KefuConfigError && error.source === 'config' && file
    ? new KefuConfigError(file, error.issues, error.document, variables ?? error.variables)
    : error;
}

/** A config read from a file, with the folder its relative paths (knowledge base, PGlite) start from. */
export interface LoadedConfig {
  config: KefuConfig;
  /** Absolute folder of the config file. */
  baseDir: string;
  file: string;
  /** The file's values after `${VAR}` substitution, in the file's order (issues are reported in it). */
  document?: unknown;
  /** Which keys took their values from environment variables. */
  variables?: ConfigVariables;
}

/**
 * Reads `kefu.config.json`, `.yaml` or `.yml`, replaces `${VAR}` and `${VAR:-default}` in string
 * values from `env`, and validates it. Throws {@link KefuConfigError} naming every bad key.
 * @example
 * const { config, baseDir } = await loadConfig('kefu.config.yaml');
 */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new KefuConfigError(file, [
      { path: '', message: `cannot read the file (${(error as Error).message})` },
    ]);
  }
  const { config, document, variables } = parseConfigDocument(text, { source: file, env });
  return { config, baseDir: dirname(path), file: path, document, variables };
}

/** Parses config text (JSON, or YAML when `source` ends in .yaml/.yml), substitutes and validates it. */
export function parseConfig(
  text: string,
  options: { source?: string; env?: NodeJS.ProcessEnv } = {},
): KefuConfig {
  return parseConfigDocument(text, options).config;
}

/** {@link parseConfig}, also returning the substituted document the config was validated from. */
function parseConfigDocument(
  text: string,
  options: { source?: string; env?: NodeJS.ProcessEnv },
): { config: KefuConfig; document: unknown; variables: ConfigVariables } {
  const source = options.source ?? 'config';
  const yaml = ['.yaml', '.yml'].includes(extname(source).toLowerCase());
  // A BOM is what Windows editors put first; neither parser wants it.
  const body = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = yaml ? parseYaml(body) : JSON.parse(body);
  } catch (error) {
    const message = syntaxErrorLine(error, body);
    // YAML reads the `{` of an unquoted `${PORT}` inside `{ … }` or `[ … ]` as a map: say the fix.
    const quote =
      yaml && /flow/i.test(message) && body.includes('${')
        ? ' (a ${VAR} inside { } or [ ] must be quoted: port: "${PORT:-8080}")'
        : '';
    // Text given without its file name is read as JSON: YAML then fails on its first letter.
    const named =
      !yaml && options.source === undefined
        ? "; for YAML, pass its file name: parseConfig(text, { source: 'kefu.config.yaml' })"
        : '';
    throw new KefuConfigError(source, [
      { path: '', message: `not valid ${yaml ? 'YAML' : 'JSON'}: ${message}${quote}${named}` },
    ]);
  }
  // An empty file (or one of comments) was "expected object, received null".
  if (raw === null || raw === undefined)
    throw new KefuConfigError(source, [
      { path: '', message: 'the file is empty: a config needs at least sites: [{ key, origins }]' },
    ]);
  const unset: KefuConfigIssue[] = [];
  const variables: Record<string, string[]> = {};
  const substituted = substitute(raw, '', options.env ?? process.env, { issues: unset, variables });
  // Every problem in one report: an unset variable does not hide the other keys' problems. A key
  // whose variable is unset is reported once, for the variable (not also as empty).
  const result = KefuConfigSchema.safeParse(substituted);
  const invalid = result.success
    ? []
    : result.error.issues
        .flatMap(unionBranch)
        .map((i) => toIssue(i, substituted))
        .filter((i) => !unset.some((u) => within(i.path, u.path)));
  const issues = inDocumentOrder<KefuConfigIssue & { at?: string }>(
    [...unset, ...invalid],
    substituted,
    (i) => i.at ?? i.path,
  );
  if (issues.length || !result.success)
    throw new KefuConfigError(
      source,
      issues.map(({ path, message }) => ({ path, message })),
      substituted,
      variables,
    );
  return { config: result.data, document: substituted, variables };
}

/** `path` is `parent` or a key below it. */
function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** `${VAR}` in string values only (never in keys), so an environment value cannot change the config's shape. */
function substitute(
  value: unknown,
  path: string,
  env: NodeJS.ProcessEnv,
  found: { issues: KefuConfigIssue[]; variables: Record<string, string[]> },
): unknown {
  const { issues } = found;
  if (typeof value === 'string')
    return value.replace(VARIABLE, (_, name: string, fallback: string | undefined) => {
      found.variables[path] = [...(found.variables[path] ?? []), name];
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (fallback !== undefined) return fallback;
      issues.push({
        path,
        message: `environment variable ${name} is not set (write \${${name}:-default} for a default)`,
      });
      return '';
    });
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, `${path}[${i}]`, env, found));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, path ? `${path}.${k}` : k, env, found)]),
    );
  return value;
}

/**
 * A value that may take one of several shapes (`bus: redis://…` or `bus: { url, prefix }`): zod
 * says "Invalid input" of the whole. When one shape alone fits the value's type (its problems are all
 * below it), those problems are the ones to fix; otherwise one issue naming every shape's type.
 */
function unionBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || !issue.errors.length) return [issue];
  // Two shapes of one type (images.store: { folder } or { s3 }) leave it to zod's words.
  // A mapping's unknown key is an issue at the branch's own level, but the value has that branch's type.
  const fits = issue.errors.filter(
    (branch) => branch.length && branch.every((i) => i.path.length > 0 || i.code === 'unrecognized_keys'),
  );
  const fitting = fits.length === 1 ? fits[0] : undefined;
  if (fitting) return fitting.map((i) => ({ ...i, path: [...issue.path, ...i.path] })).flatMap(unionBranch);
  const kinds = issue.errors.flatMap((branch) =>
    branch.flatMap((i) =>
      i.code === 'invalid_type' && !i.path.length ? [KINDS[i.expected] ?? i.expected] : [],
    ),
  );
  if (!kinds.length) return [issue];
  return [{ ...issue, message: `expected ${[...new Set(kinds)].join(' or ')}` }];
}

/** A schema issue; an unknown key also says where it is written (`at`), to report it in file order. */
function toIssue(issue: z.core.$ZodIssue, document: unknown): KefuConfigIssue & { at?: string } {
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(KefuConfigSchema, issue.path);
    const named = issue.keys.map((k) => {
      const meant = meantKey(k, known);
      return meant ? `${k} (did you mean ${meant}?)` : k;
    });
    return {
      path,
      message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${named.join(', ')}`,
      at: path ? `${path}.${issue.keys[0]}` : String(issue.keys[0]),
    };
  }
  // zod says "Invalid input: expected array, received undefined" for a key left out.
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message))
    return { path, message: missing(path, issue.expected) };
  // zod's "Invalid input: expected number, received string" named neither the value nor, for a
  // list, which kind of mapping was meant: the merchant had to guess which of their values it meant.
  const example =
    issue.code === 'invalid_type' ? REQUIRED_EXAMPLES[path.replace(/\[\d+\]/g, '[]')] : undefined;
  const message = expectedAndReceived(issue, document, path, CONFIG_WORDS);
  return { path, message: `${message}${example ? ` (e.g. ${example})` : ''}` };
}

const KINDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};
const CONFIG_WORDS: ValueWords = { kinds: KINDS, object: 'mapping' };

/** What a required key that the file leaves out must be, with an example where one helps. */
function missing(path: string, expected: string): string {
  const kind = KINDS[expected];
  const example = REQUIRED_EXAMPLES[path.replace(/\[\d+\]/g, '[]')];
  return `required${kind ? `: ${kind}` : ''}${example ? `, e.g. ${example}` : ''}`;
}

const REQUIRED_EXAMPLES: Record<string, string> = {
  sites: 'sites: [{ key: my-shop, origins: [https://my-shop.example] }]',
  'sites[].origins': "origins: [https://my-shop.example] (your pages' origins)",
  webhooks:
    'webhooks: { subscriptions: [{ url: https://crm.example/hooks/kefu, events: [conversation.closed] }] }',
};
