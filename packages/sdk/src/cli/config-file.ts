import { access } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { type LoadedConfig, loadConfig } from '../config/load-config.ts';
import { CliError, type CliIo } from './cli-io.ts';

/** The names `--config` defaults to, looked for in the working directory in this order. */
export const DEFAULT_CONFIG_FILES = ['kefu.config.yaml', 'kefu.config.yml', 'kefu.config.json'] as const;

/** Loads `--config`, or the first default config file in the working directory. */
export async function configFrom(option: string | undefined, io: CliIo): Promise<LoadedConfig> {
  if (option) {
    const path = resolve(io.cwd, option);
    if (!(await exists(path)))
      throw new CliError(`--config ${option}: no such file (${lookedFor(option, path, io)})`);
    return loadConfig(path, io.env);
  }
  for (const name of DEFAULT_CONFIG_FILES) {
    const path = resolve(io.cwd, name);
    if (await exists(path)) return loadConfig(path, io.env);
  }
  throw new CliError(
    `no config file: pass --config <file>, or create ${DEFAULT_CONFIG_FILES.join(' or ')}`,
    2,
  );
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Where a missing config was looked for. npm and pnpm run a script in its package's folder and say
 * where it was typed in INIT_CWD: `npx pnpm kefu hub --config ../x.yaml` from a subfolder of this
 * repository looked in the wrong place and said only ENOENT.
 */
function lookedFor(option: string, path: string, io: CliIo): string {
  const typedIn = io.env.INIT_CWD;
  if (!typedIn || isAbsolute(option) || resolve(typedIn) === resolve(io.cwd)) return `looked for ${path}`;
  return `looked for ${path}; npm and pnpm run a script in its package's folder, ${io.cwd}, not in ${typedIn} where it was typed: give the path from there, or an absolute one`;
}
