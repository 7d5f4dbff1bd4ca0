import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const SOURCES = fileURLToPath(new URL('../packages/sdk/src/cli/bin.ts', import.meta.url));

/**
 * Node's arguments that start `kefu` (the command's own follow): the CLI the project's global set-up
 * bundled (build-cli.ts), else its sources through tsx as a loader in the very process started, so a
 * kill of that process leaves no grandchild.
 * @example
 * spawn(process.execPath, [...kefuCli(), 'hub', '--config', config]);
 */
export function kefuCli(): string[] {
  const bundled = inject('kefuCli');
  return bundled ? [bundled] : ['--import', 'tsx', '--conditions=source', SOURCES];
}
