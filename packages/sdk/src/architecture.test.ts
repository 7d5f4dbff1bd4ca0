import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODULE_MOCKING_TESTS } from '../../../test/module-mocking-tests.ts';

// The shape of the SDK (packages/sdk/README.md), checked on every run so it stays true.
const packages = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sdk = join(packages, 'sdk/src');

function sources(dir: string, withTests = false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist') return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path, withTests);
    if (!/\.tsx?$/.test(e.name)) return [];
    return withTests || !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The relative imports and re-exports of a file, resolved to files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)]
    .map((m) => resolve(dirname(file), m[1]!))
    .filter((path) => existsSync(path));
}

/** Import circles among `files`, each as the list of files on it (Tarjan's strongly connected components). */
function circles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(relative(packages, w));
      } while (w !== v);
      if (component.length > 1) found.push(component);
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

describe('the shape of the code', () => {
  it('has no import circles anywhere in packages/', () => {
    const all = readdirSync(packages).flatMap((p) =>
      existsSync(join(packages, p, 'src')) ? sources(join(packages, p, 'src')) : [],
    );
    expect(all.length).toBeGreaterThan(100);
    expect(circles(all)).toEqual([]);
  });

  it.each(['seams', 'text', 'understand', 'faq', 'store', 'bus', 'routing'])(
    'nothing under %s/ imports from conversation/ or hub/ (tests included)',
    (folder) => {
      const reaching = sources(join(sdk, folder), true).flatMap((file) =>
        importsOf(file)
          .filter((target) => /\/src\/(hub|conversation)\//.test(target))
          .map((target) => `${relative(sdk, file)} → ${relative(sdk, target)}`),
      );
      expect(reaching).toEqual([]);
    },
  );

  it('keeps conversation/ below hub/: the business never reaches into the socket edge', () => {
    const reaching = sources(join(sdk, 'conversation')).flatMap((file) =>
      importsOf(file)
        .filter((target) => target.includes('/src/hub/'))
        .map((target) => `${relative(sdk, file)} → ${relative(sdk, target)}`),
    );
    expect(reaching).toEqual([]);
  });

  it('writes a conversation status only through the lifecycle table', () => {
    // A status in a state object literal is a status change; in the hub's business only
    // lifecycle.ts builds one (the store's contract suites build stored fixtures directly).
    const business = ['hub', 'conversation', 'routing'].flatMap((folder) => sources(join(sdk, folder)));
    const writers = business.filter(
      (file) =>
        !file.endsWith('conversation/lifecycle.ts') &&
        /state:\s*\{[^}]*\bstatus:\s*'(bot|queued|assigned|pending|ticket|closed)'/.test(
          readFileSync(file, 'utf8'),
        ),
    );
    expect(writers.map((f) => relative(sdk, f))).toEqual([]);
  });

  // The node test projects share one module graph per worker (vite.config.ts): a file that replaces
  // a module must be listed to run isolated, or it would get the real module another file loaded
  // first. The widget's project (happy-dom) stays isolated, so its files may mock freely.
  it('runs every test file that replaces a module (vi.mock) in an isolated project', () => {
    const repo = resolve(packages, '..');
    const widgetProject = join(repo, 'examples/agent-console/src');
    const mocking = [sdk, join(packages, 'widget/test'), join(repo, 'examples'), join(repo, 'test')]
      .flatMap((dir) => sources(dir, true))
      .filter((file) => /\.test\.tsx?$/.test(file) && !file.startsWith(widgetProject))
      .filter((file) => /\bvi\.(?:do)?mock\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(repo, file))
      .sort();
    expect(mocking).toEqual([...MODULE_MOCKING_TESTS].sort());
    // Only the SDK's project has an isolated twin (sdk-mocks).
    for (const file of MODULE_MOCKING_TESTS) expect(file).toMatch(/^packages\/sdk\/src\//);
  });
});
