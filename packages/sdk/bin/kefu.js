#!/usr/bin/env node
// The `kefu` command: the compiled CLI. A file of its own so the bin exists before a build: pnpm links
// it into every workspace package that depends on @kefu/sdk at install, and warned "Failed to create
// bin … kefu" five times on a fresh clone when the link pointed into dist/.
import '../dist/cli/bin.js';
