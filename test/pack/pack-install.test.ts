import { execFile, spawn } from 'node:child_process';
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createShopperClient } from '../../packages/sdk/src/client/index.ts';
import { printed } from '../spawned-output.ts';

// What an integrator does (issue 16): pack every package, `npm install` the tarballs into an
// empty project, run a plain-JS hub with a headless shopper, and type-check a TypeScript file
// under `moduleResolution: nodenext` without `skipLibCheck`.
//
// The packing happens in a copy of the workspace without `dist/` (an unbuilt clone: `prepack`
// must build), so it neither needs a build first nor rewrites the `dist/` that other suites of
// the same run serve (the demo shop's browser tests read packages/widget/dist).

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['protocol', 'sdk', 'widget'] as const;
type Name = (typeof PACKAGES)[number];
const ORIGIN = 'https://my-shop.example';

/** What each tarball may hold besides package.json, README.md and LICENSE. */
const ALLOWED: Record<Name, RegExp> = {
  protocol: /^(dist\/[\w/-]+\.(js|d\.ts)|schema\/[\w-]+\.schema\.json|vectors\/[\w-]+\.json)$/,
  sdk: /^(bin\/kefu\.js|dist\/[\w/-]+\.(js|d\.ts))$/,
  widget: /^dist\/(kefu[\w-]*\.m?js|types\/[\w/-]+\.d\.ts)$/,
};

interface Output {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command as on an integrator's machine (see `cleanEnv`); rejects with its output when it
 * fails. No shell: arguments are passed as they are.
 */
function run(command: string, args: string[], options: { cwd: string; timeout?: number }): Promise<Output> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { ...options, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024, timeout: options.timeout ?? 240_000 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/**
 * The environment without what an outer `pnpm test` sets for its scripts (`npm_config_*`,
 * `npm_package_*`, …) and without NODE_OPTIONS: npm, pnpm, node and tsc run here read their own
 * configuration and no export condition but their defaults, as on an integrator's machine.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_)/i.test(key) && key !== 'NODE_OPTIONS'),
  );
}

/** A directory whose entries are links to `from`'s, `@kefu/*` going to the copied packages instead. */
async function linkEntries(from: string, to: string, workspace: string, skip: RegExp): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (skip.test(entry.name)) continue;
    const source = join(from, entry.name);
    if (entry.name === '@kefu') {
      await mkdir(join(to, entry.name));
      for (const name of await readdir(source))
        await symlink(join(workspace, 'packages', name), join(to, entry.name, name), 'dir');
    } else {
      await symlink(await realpath(source), join(to, entry.name));
    }
  }
}

/**
 * The workspace as a fresh clone has it, without `dist/`, sharing the installed dependencies
 * through links (root `node_modules` as links too, so nothing run here writes into the real one:
 * vite's caches land in the copy).
 */
async function copyWorkspace(to: string): Promise<void> {
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'tsconfig.json', 'LICENSE'])
    await cp(join(ROOT, file), join(to, file));
  await linkEntries(
    join(ROOT, 'node_modules'),
    join(to, 'node_modules'),
    to,
    /^\.(vite|vite-temp)$|\.ya?ml$|\.json$/,
  );
  for (const name of PACKAGES) {
    const from = join(ROOT, 'packages', name);
    await cp(from, join(to, 'packages', name), {
      recursive: true,
      filter: (path) => !/[\\/]packages[\\/][\w-]+[\\/](node_modules|dist)$/.test(path),
    });
    // Not the dot entries: .bin is not needed, and vite's caches (.vite, .vite-temp) must be the copy's own.
    await linkEntries(join(from, 'node_modules'), join(to, 'packages', name, 'node_modules'), to, /^\./);
  }
}

/** pnpm as the project runs it; it rewrites `workspace:*` to real versions when it packs. */
function pnpm(args: string[], cwd: string): Promise<Output> {
  return run('npx', ['-y', 'pnpm@10.34.8', ...args], { cwd });
}

const tarballName = (name: Name) => `kefu-${name}-0.1.0.tgz`;

/** `npm install` as an integrator runs it, quietly, from npm's cache where it can. */
function npmInstall(specs: string[], cwd: string): Promise<Output> {
  return run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs],
    {
      cwd,
    },
  );
}

// The plain-JS hub and headless shopper an integrator writes after `npm install`.
const HUB_MJS = `
import { createRequire } from 'node:module';
import { createHub, createMemoryStore } from '@kefu/sdk';
import { createShopperClient } from '@kefu/sdk/client';
import { guardHubFrame } from '@kefu/sdk/client/light';
import { loadVectors } from '@kefu/protocol/vectors';
import hello from '@kefu/protocol/schema/hello.schema.json' with { type: 'json' };
import WebSocket from 'ws';

const hub = createHub({
  sites: [{ key: 'my-shop', origins: ['${ORIGIN}'] }],
  store: createMemoryStore(),
  answer: async (question) => ({
    content: [{ kind: 'text', text: 'You asked: ' + question.text }],
    confidence: 0.9,
  }),
});
const { url } = await hub.listen({ port: 0 });
// The drivers of the optional peers load with their subpath entries only (pg is installed here).
const drivers = Object.keys(createRequire(import.meta.url).cache).filter((path) =>
  /[\\/]node_modules[\\/](pg|ioredis|@electric-sql[\\/]pglite)[\\/]/.test(path),
);
const shopper = createShopperClient({ url, siteKey: 'my-shop', WebSocket, origin: '${ORIGIN}', locale: 'en' });
const seen = { url, drivers, welcomes: 0, messages: [] };
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no answer in 60 s: ' + JSON.stringify(seen))), 60_000);
  shopper.on('welcome', () => seen.welcomes++);
  shopper.on('connection', (c) => c.status === 'failed' && reject(new Error('refused: ' + c.code + ' ' + c.reason)));
  shopper.on('message', (m) => {
    seen.messages.push({ author: m.author.kind, kind: m.content.kind, text: m.content.text });
    if (m.author.kind === 'bot' && m.content.text === 'You asked: When do you ship?') {
      clearTimeout(timer);
      resolve();
    }
  });
  shopper.connect();
  shopper.send('When do you ship?');
});
shopper.close();
await hub.close();
console.log(
  JSON.stringify({
    ...seen,
    schema: hello.title,
    vectors: loadVectors('shopper-to-hub').vectors.length,
    guard: guardHubFrame('{"v":1,"type":"pong"}').ok,
  }),
);
`;

// A hub as an operator writes it for the installed \`kefu\` command.
const KEFU_CONFIG = `
listen: { port: 0 }
store: pglite:./data
sites: [{ key: my-shop, origins: ["${ORIGIN}"] }]
knowledgeBase: faq.csv
`;

// The public API in TypeScript: every entry an integrator imports, ws without a cast.
const CONSUMER_TS = `
import { decodeFrame, type Message, ShopperToHub } from '@kefu/protocol';
import hello from '@kefu/protocol/schema/hello.schema.json' with { type: 'json' };
import { loadVectors } from '@kefu/protocol/vectors';
import { createHub, createMemoryStore, type Hub, type Store } from '@kefu/sdk';
import { type AgentClient, createAgentClient } from '@kefu/sdk/agent';
import { createShopperClient } from '@kefu/sdk/client';
import { createShopperClient as createLightClient, guardHubFrame } from '@kefu/sdk/client/light';
import { createPostgresStore } from '@kefu/sdk/postgres';
import { boot, Kefu, type KefuOptions } from '@kefu/widget';
import WebSocket from 'ws';

const hub: Hub = createHub({
  sites: [{ key: 'my-shop', origins: ['${ORIGIN}'] }],
  store: createMemoryStore(),
  answer: async (question) => ({ content: [{ kind: 'text', text: question.text }], confidence: 0.9 }),
});
const { url } = await hub.listen({ port: 0, host: '127.0.0.1' });

const shopper = createShopperClient({ url, siteKey: 'my-shop', WebSocket, origin: '${ORIGIN}' });
shopper.on('message', (m: Message) => console.log(m.seq, m.content.kind));
shopper.connect();
// The same client without zod (what the widget bundles): same options, same events.
const light = createLightClient({ url, siteKey: 'my-shop', WebSocket, origin: '${ORIGIN}' });
light.on('message', (m: Message) => console.log(m.seq, m.content.kind));
const guarded = guardHubFrame('{"v":1,"type":"pong"}');

const agent: AgentClient = createAgentClient({ url, token: 'a-long-random-agent-token', WebSocket });
await agent.connect();

const store: Promise<Store> = createPostgresStore({ connectionString: 'postgres://localhost/kefu' });
const widget: KefuOptions = { site: 'my-shop', hub: url, locale: 'zh-CN' };
const title: string = hello.title;
const decoded = decodeFrame(ShopperToHub, '{"v":1,"type":"ping"}');
export { boot, decoded, guarded, Kefu, store, title, widget };
export const vectors: number = loadVectors('shopper-to-hub').vectors.length;
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    noEmit: true,
    resolveJsonModule: true,
    // No skipLibCheck: the published declarations must type-check as they are.
  },
  files: ['consumer.ts'],
};

let temp = '';
let consumer = '';
let started = 0;
const contents = {} as Record<Name, string[]>;
const timings: Record<string, number> = {};

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const from = performance.now();
  try {
    return await work();
  } finally {
    timings[step] = (performance.now() - from) / 1000;
  }
}

beforeAll(async () => {
  started = performance.now();
  temp = await mkdtemp(join(tmpdir(), 'kefu-pack-'));
  const workspace = join(temp, 'workspace');
  const tarballs = join(temp, 'tarballs');
  consumer = join(temp, 'consumer');
  await timed('copy', () => copyWorkspace(workspace));
  // One at a time, dependencies first: the sdk's prepack builds the protocol too.
  await timed('pack', async () => {
    for (const name of PACKAGES)
      await pnpm(['pack', '--pack-destination', tarballs], join(workspace, 'packages', name));
  });
  for (const name of PACKAGES) {
    const { stdout } = await run('tar', ['-tzf', join(tarballs, tarballName(name))], { cwd: temp });
    contents[name] = stdout.split('\n').filter(Boolean);
  }
  const rootManifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const version = (name: string) => `${name}@${rootManifest.devDependencies[name]}`;
  await mkdir(consumer);
  await writeFile(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await timed('npm install', () =>
    npmInstall(
      [
        ...PACKAGES.map((name) => join(tarballs, tarballName(name))),
        // What the integrator adds: ws for the shopper, pg for the PostgreSQL store, Node's types.
        version('ws'),
        version('pg'),
        version('@types/node'),
      ],
      consumer,
    ),
  );
  await writeFile(join(consumer, 'hub.mjs'), HUB_MJS);
  await writeFile(join(consumer, 'consumer.ts'), CONSUMER_TS);
  await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  await writeFile(join(consumer, 'kefu.config.yaml'), KEFU_CONFIG);
  await writeFile(join(consumer, 'memory.config.yaml'), KEFU_CONFIG.replace('pglite:./data', 'memory'));
  await cp(join(ROOT, 'examples/plugins/src/merchant-hub.mjs'), join(consumer, 'merchant-hub.mjs'));
  await writeFile(join(consumer, 'faq.csv'), 'id,question,answer\nship,When do you ship?,Within 48 hours.\n');
});

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
  const total = (performance.now() - started) / 1000;
  const steps = Object.entries(timings).map(([step, s]) => `${step} ${s.toFixed(1)} s`);
  console.log(`pack-install took ${total.toFixed(1)} s (${steps.join(', ')})`);
});

describe('the packages as an integrator installs them', () => {
  it('pack dist, README, LICENSE and package.json, and nothing else (no tests, sources, maps)', async () => {
    const rows: string[] = [];
    for (const name of PACKAGES) {
      const files = contents[name].map((path) => path.replace(/^package\//, ''));
      expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
      expect(files.some((f) => f.startsWith('dist/') && f.endsWith('.d.ts'))).toBe(true);
      const unexpected = files.filter(
        (f) => !['package.json', 'README.md', 'LICENSE'].includes(f) && !ALLOWED[name].test(f),
      );
      expect(unexpected, `${name}: files that must not be published`).toEqual([]);
      const tests = files.filter((f) => /\.test\.|(^|\/)(testing|test|src)\//.test(f));
      expect(tests, `${name}: tests or test helpers`).toEqual([]);
      const { size } = await stat(join(temp, 'tarballs', tarballName(name)));
      rows.push(`@kefu/${name}: ${(size / 1024).toFixed(1)} KiB, ${files.length} files`);
    }
    console.log(`tarballs: ${rows.join('; ')}`);
    expect(contents.widget.map((f) => f.replace(/^package\//, ''))).toEqual(
      expect.arrayContaining(['dist/kefu.js', 'dist/kefu.mjs', 'dist/kefu-app.js', 'dist/types/index.d.ts']),
    );
  });

  it('installs with real versions, the LICENSE, no file that imports vitest, and no optional peer', async () => {
    const license = await readFile(join(ROOT, 'LICENSE'), 'utf8');
    for (const name of PACKAGES) {
      const dir = join(consumer, 'node_modules', '@kefu', name);
      expect(await readFile(join(dir, 'LICENSE'), 'utf8')).toBe(license);
      const manifest = await readFile(join(dir, 'package.json'), 'utf8');
      expect(manifest).not.toContain('workspace:');
      const { license: field, repository, engines, publishConfig } = JSON.parse(manifest);
      expect({ field, directory: repository.directory, engines, publishConfig }).toEqual({
        field: 'MIT',
        directory: `packages/${name}`,
        engines: { node: '^20.19.0 || >=22.12.0' },
        publishConfig: { access: 'public' },
      });
      for (const file of await readdir(join(dir, 'dist'), { recursive: true })) {
        if (!String(file).endsWith('.js') && !String(file).endsWith('.ts')) continue;
        const text = await readFile(join(dir, 'dist', String(file)), 'utf8');
        expect(/from ['"]vitest['"]/.test(text), `${name}/dist/${file} imports vitest`).toBe(false);
      }
    }
    const widget = JSON.parse(
      await readFile(join(consumer, 'node_modules/@kefu/widget/package.json'), 'utf8'),
    );
    expect(widget.dependencies ?? {}).toEqual({});
    // Optional peers (and the widget's bundled Preact) are not installed for the integrator.
    const installed = await readdir(join(consumer, 'node_modules'));
    expect(installed).not.toContain('ioredis');
    expect(installed).not.toContain('preact');
    expect(await readdir(join(consumer, 'node_modules/@electric-sql')).catch(() => [])).toEqual([]);
    expect(await readdir(join(consumer, 'node_modules/@preact')).catch(() => [])).toEqual([]);
  });

  it('runs a plain-JS hub and a headless shopper (ws, origin) over a real socket', async () => {
    const { stdout } = await timed('hub.mjs', () =>
      run(process.execPath, ['hub.mjs'], { cwd: consumer, timeout: 90_000 }),
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(result.drivers).toEqual([]);
    expect(result.welcomes).toBe(1);
    expect(result.messages).toEqual(
      expect.arrayContaining([
        { author: 'shopper', kind: 'text', text: 'When do you ship?' },
        { author: 'bot', kind: 'text', text: 'You asked: When do you ship?' },
      ]),
    );
    expect(result.schema).toBe('Hello');
    expect(result.vectors).toBeGreaterThan(0);
    expect(result.guard).toBe(true);
  });

  it("runs README's merchant hub in JavaScript with plain node, answering a shopper", async () => {
    const child = spawn(process.execPath, ['merchant-hub.mjs'], {
      cwd: consumer,
      env: { ...cleanEnv(), PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const { found: url } = await printed(child, /listening on (ws:\/\/\S+)/);
      const shopper = createShopperClient({
        url,
        siteKey: 'my-shop',
        WebSocket,
        origin: 'http://localhost:3000',
        locale: 'en',
      });
      const said: string[] = [];
      shopper.on('message', (m) => {
        if (m.author.kind === 'bot' && m.content.kind === 'text') said.push(m.content.text);
      });
      shopper.connect();
      shopper.send('When do you ship?');
      await expect.poll(() => said, { timeout: 30_000 }).toContain('We ship within 24 hours.');
      shopper.close();
    } finally {
      child.kill();
    }
  });

  it('installs the kefu command: version, a knowledge base checked, and a config on PGlite without the optional peer: check and migrate name it', async () => {
    const kefu = (...args: string[]) =>
      run(join(consumer, 'node_modules/.bin/kefu'), args, { cwd: consumer });
    const manifest = JSON.parse(
      await readFile(join(consumer, 'node_modules/@kefu/sdk/package.json'), 'utf8'),
    );
    expect((await kefu('--version')).stdout.trim()).toBe(manifest.version);
    expect((await kefu('kb', 'check', 'faq.csv')).stdout.trim()).toBe(
      'faq.csv: 1 entry, 1 question; 0 findings',
    );
    // PGlite is an optional peer the integrator did not install: the check (which passed before,
    // while the hub then refused to start) and the commands say what to add.
    const failure = (...args: string[]) =>
      kefu(...args).then(
        () => '',
        (error: Error) => error.message,
      );
    const missing =
      'store: this store needs the @electric-sql/pglite package: npm install @electric-sql/pglite';
    expect(await failure('config', 'check')).toContain(missing);
    expect(await failure('migrate')).toContain(missing);
    expect((await kefu('config', 'check', '--config', 'memory.config.yaml')).stdout).toMatch(
      /memory\.config\.yaml: valid \(1 site, 0 agents\)/,
    );
  });

  it('loads every entry from a CommonJS file with require, as README says of a CommonJS project', async () => {
    // Node 20.19 and 22.12 load ES modules with require(), unless one awaits at its top level.
    const entries = [
      '@kefu/sdk',
      '@kefu/sdk/client',
      '@kefu/sdk/client/light',
      '@kefu/sdk/agent',
      '@kefu/sdk/postgres',
      '@kefu/sdk/sql',
      '@kefu/sdk/metrics',
      '@kefu/sdk/images',
      '@kefu/protocol',
      '@kefu/protocol/vectors',
    ];
    await writeFile(
      join(consumer, 'require.cjs'),
      `const loaded = ${JSON.stringify(entries)}.map((e) => [e, Object.keys(require(e)).length]);
const { createHub, silentLogger } = require('@kefu/sdk');
const hub = createHub({ sites: [{ key: 'shop', origins: ['https://shop.example'] }], logger: silentLogger });
hub.close().then(() => console.log(JSON.stringify(Object.fromEntries(loaded))));`,
    );
    const { stdout } = await run(process.execPath, ['require.cjs'], { cwd: consumer });
    const loaded = JSON.parse(stdout.trim().split('\n').at(-1)!);
    for (const entry of entries) expect(loaded[entry], entry).toBeGreaterThan(0);
  });

  // Last: it installs the optional peers the tests above check are absent, as README's table says.
  it("type-checks the public API and each driver's entry under nodenext without skipLibCheck, from dist, with what README's optional-peer table says to install", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    // Rows such as | `@kefu/sdk/pglite` | `@electric-sql/pglite` (and `@types/emscripten` …) |
    const rows = [...readme.matchAll(/^\| `(@kefu\/sdk\/\w+)` +\|(.*)\|$/gm)].map(([, entry, install]) => ({
      entry: entry!,
      packages: [...install!.matchAll(/`(@?[a-z0-9][a-z0-9.-]*(?:\/[a-z0-9.-]+)?)`/g)].map((m) => m[1]!),
    }));
    expect(rows.map((r) => r.entry)).toEqual(['@kefu/sdk/pglite', '@kefu/sdk/postgres', '@kefu/sdk/redis']);
    const sdkManifest = JSON.parse(await readFile(join(ROOT, 'packages/sdk/package.json'), 'utf8'));
    const pinned = (name: string) =>
      sdkManifest.devDependencies[name] ? `${name}@${sdkManifest.devDependencies[name]}` : name;
    const packages = [...new Set(rows.flatMap((r) => r.packages))];
    await timed('npm install peers', () => npmInstall(packages.map(pinned), consumer));
    // TypeScript 6 includes no global types by itself: the table says which to name.
    const types = ['node', ...packages.filter((p) => p.startsWith('@types/')).map((p) => p.slice(7))];
    await writeFile(
      join(consumer, 'peers.ts'),
      rows.map((r, i) => `export * as driver${i} from '${r.entry}';`).join('\n'),
    );
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...TSCONFIG.compilerOptions, types },
        files: [...TSCONFIG.files, 'peers.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    // Fails (with tsc's errors) on any type error; lists the files it read.
    const { stdout } = await timed('tsc', () =>
      run(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFiles'], { cwd: consumer }),
    );
    const kefu = stdout.split('\n').filter((f) => f.includes('/node_modules/@kefu/'));
    expect(kefu).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/@kefu/sdk/dist/index.d.ts'),
        expect.stringContaining('/@kefu/sdk/dist/client/light.d.ts'),
        expect.stringContaining('/@kefu/sdk/dist/store/postgres-store.d.ts'),
        expect.stringContaining('/@kefu/sdk/dist/store/pglite-store.d.ts'),
        expect.stringContaining('/@kefu/sdk/dist/bus/redis-bus.d.ts'),
        expect.stringContaining('/@kefu/protocol/dist/index.d.ts'),
        expect.stringContaining('/@kefu/widget/dist/types/index.d.ts'),
      ]),
    );
    expect(kefu.filter((f) => /\/@kefu\/\w+\/src\//.test(f))).toEqual([]);
  });
});
