import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { MODULE_MOCKING_TESTS } from './test/module-mocking-tests.ts';
import ProjectOrderSequencer from './test/project-order-sequencer.ts';

// One Vitest config, one project per runtime: plain Node for protocol and SDK, a DOM for
// widget components, real servers (PostgreSQL, Redis) and real Chromium for the rest.
const oxc = { jsx: { runtime: 'automatic' as const, importSource: 'preact' } };
// Workspace packages resolve to their TypeScript sources (the `source` export condition): no build before tests.
const resolve = { conditions: ['source', ...defaultClientConditions] };
// After each test, every client and hub the fixtures started is closed (test/close-started.ts).
const closeStarted = fileURLToPath(new URL('./test/close-started.ts', import.meta.url));
// The `kefu` CLI bundled once per run, for the tests that start it as a process (test/build-cli.ts).
const buildCli = fileURLToPath(new URL('./test/build-cli.ts', import.meta.url));
// Without `module`: Vitest starts its Node workers with these conditions, and `module` (a bundler's
// hint that Node itself never uses) picks builds Node cannot run, e.g. the AWS SDK's ESM build, whose
// imports have no file extensions. Tests then load each dependency as Node does in production.
const ssr = {
  resolve: {
    conditions: ['source', ...defaultServerConditions.filter((c) => c !== 'module')],
    externalConditions: ['source'],
  },
};

/** From the SDK project's root. */
const SDK_MODULE_MOCKING_TESTS = MODULE_MOCKING_TESTS.map((f) => f.slice('packages/sdk/'.length));

const sdkTests = {
  setupFiles: [closeStarted],
  root: 'packages/sdk',
  include: ['src/**/*.test.ts'],
  exclude: ['src/**/*.pg.test.ts', 'src/**/*.redis.test.ts'],
  environment: 'node' as const,
  // Node 20 has no global WebSocket; msw's ws.link and the client tests need one.
  execArgv: ['--experimental-websocket'],
  testTimeout: 30_000,
  // Set-up starts databases (PGlite's WebAssembly) and hubs: seconds on a busy machine, and past
  // 60 s at a load average of 20 (sql-blob-store's PGlite, the demo's store).
  hookTimeout: 120_000,
};

export default defineConfig({
  oxc,
  resolve,
  ssr,
  test: {
    reporters: ['default', './test/plain-summary-reporter.ts'],
    pool: 'forks',
    // Three on two cores: with two, a quarter of the CPU sat idle while files waited on sockets,
    // PostgreSQL and child processes (sdk + servers: 267 s → 201 s on a machine whose whole suite
    // took 21 min with two).
    maxWorkers: 3,
    // The projects with the longest files start first (test/project-order-sequencer.ts).
    sequence: { sequencer: ProjectOrderSequencer },
    projects: [
      {
        oxc,
        resolve,
        ssr,
        test: {
          name: 'protocol',
          root: 'packages/protocol',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        oxc,
        resolve,
        ssr,
        test: {
          ...sdkTests,
          name: 'sdk',
          // The CLI tests start `kefu` from one bundle (buildCli).
          globalSetup: [buildCli],
          exclude: [...sdkTests.exclude, ...SDK_MODULE_MOCKING_TESTS],
          // One module graph per worker, not per file: importing the SDK afresh for each of its ~300
          // files was half of this project's time (276 s → 145 s). Stubbed globals are put back after
          // each test; files that replace a module (vi.mock) run isolated below.
          isolate: false,
          unstubGlobals: true,
          unstubEnvs: true,
        },
      },
      {
        oxc,
        resolve,
        ssr,
        test: { ...sdkTests, name: 'sdk-mocks', include: SDK_MODULE_MOCKING_TESTS },
      },
      {
        oxc,
        resolve,
        ssr,
        test: {
          name: 'examples',
          setupFiles: [closeStarted],
          include: ['examples/*/test/**/*.test.ts'],
          exclude: ['examples/*/test/**/*.browser.test.ts', 'examples/*/test/**/*.servers.test.ts'],
          environment: 'node',
          // As the SDK's: one module graph per worker (54 s → 42 s); stubbed globals put back per test.
          isolate: false,
          unstubGlobals: true,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        oxc,
        resolve,
        ssr,
        test: {
          name: 'servers',
          setupFiles: [closeStarted],
          include: [
            'packages/*/src/**/*.pg.test.ts',
            'packages/*/src/**/*.redis.test.ts',
            'examples/*/test/**/*.servers.test.ts',
          ],
          environment: 'node',
          // The cluster's hub nodes start `kefu` from one bundle (buildCli).
          globalSetup: [buildCli],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // As the SDK's: one module graph per worker (112 s → 104 s).
          isolate: false,
          unstubGlobals: true,
        },
      },
      {
        oxc,
        resolve,
        ssr,
        test: {
          // The docs' TypeScript blocks, type-checked against the public entry points (test/doc-snippets.test.ts).
          name: 'docs',
          include: ['test/doc-snippets.test.ts'],
          environment: 'node',
          // One TypeScript program over the SDK's sources: ~10 s on a busy machine.
          testTimeout: 60_000,
        },
      },
      {
        oxc,
        resolve,
        ssr,
        test: {
          // What an attacker tries, against a real hub process over real sockets (test/attacks/).
          name: 'attacks',
          include: ['test/attacks/**/*.test.ts'],
          // Bundles the hub the attacks start, once (build-hub-child.ts).
          globalSetup: ['test/attacks/build-hub-child.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // As the SDK's: one module graph per worker (175 s → 133 s).
          isolate: false,
          unstubGlobals: true,
        },
      },
      {
        oxc,
        resolve,
        ssr,
        test: {
          // What an integrator does: pack, npm install the tarballs, run and type-check (test/pack/).
          name: 'pack',
          include: ['test/pack/**/*.test.ts'],
          environment: 'node',
          // Packing three packages took 266 s of the old 300 s with seven sessions' tests beside it.
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        oxc,
        resolve,
        ssr,
        test: {
          name: 'widget',
          include: [
            'packages/widget/src/**/*.test.{ts,tsx}',
            'examples/agent-console/src/**/*.test.{ts,tsx}',
          ],
          environment: 'happy-dom',
          // A component test that plays a burst (120 messages into a transcript) takes 2 s idle and
          // over 3 s at a load average of 16: vitest's 5 s default failed it on a busy machine.
          testTimeout: 30_000,
          // Isolated, unlike the node projects: with one DOM per worker, a lazily imported chunk
          // (the photo tray) still loading when its file ended failed the next files in CI.
        },
      },
      {
        oxc,
        resolve,
        ssr,
        test: {
          name: 'browser',
          include: ['packages/*/test/browser/**/*.browser.test.ts', 'examples/*/test/**/*.browser.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Beside the other projects' files, not in a run of its own after them, one file at a time:
          // that run was a third of the suite, much of it waiting on timers, sockets and the page
          // (12 browser and 2 servers files: 329 and 305 s → 297 and 242 s, other sessions' load 12–17;
          // this project alone: over 534 s → 350 s).
          // One module graph per worker: importing playwright and the SDK afresh for each file was a
          // third of this project's time (566 s → ~400 s).
          isolate: false,
        },
      },
    ],
  },
});
