#!/usr/bin/env node
// The `kefu` command: the compiled CLI. A file of its own so the bin exists before a build: pnpm links
// it into every workspace package that depends on @kefu/sdk at install, and warned "Failed to create
// bin … kefu" five times on a fresh clone when the link pointed into dist/.
const cli = new URL('../dist/cli/bin.js', import.meta.url);
try {
  await import(cli.href);
} catch (error) {
  // That link is what `npx pnpm kefu` runs inside examples/cluster: before a build, dist/ is not
  // there, and node printed ERR_MODULE_NOT_FOUND with its stack. A module missing inside dist/ is a
  // fault of the build and keeps its stack.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || error.url !== cli.href) throw error;
  const { fileURLToPath } = await import('node:url');
  process.stderr.write(
    `kefu: ${fileURLToPath(cli)} is not there: @kefu/sdk is not built. Build it (npx -y pnpm@10.34.8 --filter @kefu/sdk build), or in its repository run \`npx -y pnpm@10.34.8 -w kefu …\`, which runs the sources\n`,
  );
  process.exitCode = 1;
}
