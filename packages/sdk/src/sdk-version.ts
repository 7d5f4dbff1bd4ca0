/**
 * This package's version, as `kefu --version` prints it. A constant, not `package.json` read at
 * run time: bundled into one file, the CLI read whichever package.json sat two folders up.
 * `cli/run-cli.test.ts` keeps it equal to package.json's.
 */
export const SDK_VERSION = '0.1.0';
