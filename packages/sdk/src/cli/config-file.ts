import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type LoadedConfig, loadConfig } from '../config/load-config.ts';
import { CliError, type CliIo } from './cli-io.ts';

/** The names `--config` defaults to, looked for in the working directory in this order. */
export const DEFAULT_CONFIG_FILES = ['kefu.config.yaml', 'kefu.config.yml', 'kefu.config.json'] as const;

/** Loads `--config`, or the first default config file in the working directory. */
export async function configFrom(option: string | undefined, io: CliIo): Promise<LoadedConfig> {
  if (option) return loadConfig(resolve(io.cwd, option), io.env);
  for (const name of DEFAULT_CONFIG_FILES) {
    const path = resolve(io.cwd, name);
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return loadConfig(path, io.env);
  }
  throw new CliError(
    `no config file: pass --config <file>, or create ${DEFAULT_CONFIG_FILES.join(' or ')}`,
    2,
  );
}
