/**
 * Keeps in `dist/types` only the declarations that `import '@kefu/widget'` reaches, and fails if
 * one of them imports a package. tsc also emits the lazily imported app's declarations (it follows
 * `import('./app/mount.tsx')`), which import @kefu/protocol and @kefu/sdk; the widget has no
 * dependencies (its dist bundles what it runs), so its published types must stand alone too.
 * Run after `tsc -p tsconfig.build.json` (the `build` script does).
 */
import { readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const types = fileURLToPath(new URL('../dist/types/', import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

const kept = new Set<string>();
const packages: string[] = [];
function keep(file: string): void {
  if (kept.has(file)) return;
  kept.add(file);
  // Without comments: a JSDoc @example may show an import.
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  for (const [, specifier = ''] of code.matchAll(SPECIFIER)) {
    if (!specifier.startsWith('.')) packages.push(`${relative(types, file)} imports ${specifier}`);
    // Declarations keep the sources' specifiers (`./types.ts`); each file's declaration is beside it.
    else keep(resolve(dirname(file), specifier).replace(/\.(?:d\.)?[cm]?[jt]sx?$/, '.d.ts'));
  }
}
keep(join(types, 'index.d.ts'));
if (packages.length > 0) {
  console.error(`@kefu/widget's published types must not import packages:\n  ${packages.join('\n  ')}`);
  process.exit(1);
}
const entries = readdirSync(types, { recursive: true, withFileTypes: true }).map((e) => ({
  path: join(e.parentPath, e.name),
  dir: e.isDirectory(),
}));
for (const { path, dir } of entries) if (!dir && !kept.has(path)) rmSync(path);
// Deepest first, so a folder whose subfolders were all emptied goes too.
for (const { path } of entries.filter((e) => e.dir).sort((a, b) => b.path.length - a.path.length)) {
  if (readdirSync(path).length === 0) rmdirSync(path);
}
