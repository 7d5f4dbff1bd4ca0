import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions, type InlineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

/**
 * Marks the protocol's schema constructions (`z.object(…)`, `boundedString(…)`) as pure, so
 * the bundle keeps only the schemas the shopper client really uses (not the agent frames).
 * Scoped to the protocol's own sources: a global `manualPureFunctions: ['z']` would also drop
 * calls to a minified dependency's own function named `z`.
 */
function pureProtocolSchemas(): Plugin {
  return {
    name: 'kefu-pure-protocol-schemas',
    transform(code, id) {
      if (!/[\\/]packages[\\/]protocol[\\/]src[\\/]/.test(id)) return null;
      return {
        code: code.replace(/(?<![\w$.])(z\.\w+\(|boundedString\(|onConversation\()/g, '/* @__PURE__ */ $1'),
        map: null,
      };
    },
  };
}

// Shared by the builds: Preact's JSX runtime (toolchain gotcha 6) and workspace packages from source.
const common: InlineConfig = {
  configFile: false,
  root,
  logLevel: 'warn',
  // Explicit, so a build run from a test (NODE_ENV=test) produces the same bytes as `pnpm build`.
  mode: 'production',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  resolve: { conditions: ['source', ...defaultClientConditions] },
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [pureProtocolSchemas(), appAsSibling()],
};

/** In the SPA entry, the app is the separately built `kefu-app.js` beside it, not a second copy. */
function appAsSibling(): Plugin {
  return {
    name: 'kefu-app-as-sibling',
    enforce: 'pre',
    resolveId(id, importer) {
      return id === './app/mount.tsx' && importer?.endsWith('index.ts')
        ? { id: './kefu-app.js', external: 'relative' }
        : null;
    },
  };
}

function libBuild(
  outDir: string,
  entry: string,
  format: 'es' | 'iife',
  fileName: string,
  emptyOutDir = false,
): InlineConfig {
  return {
    ...common,
    build: {
      outDir,
      emptyOutDir,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: { entry: src(entry), formats: [format], name: 'KefuLoader', fileName: () => fileName },
      // Lib mode leaves whitespace in ES output (for pure annotations); these files are final, so minify fully.
      rolldownOptions: { output: { minify: true, comments: false } },
    },
  };
}

/** The lazily imported chat app, `kefu-app.js`: one ES module with everything inlined. */
export const appBuild = (outDir: string) => libBuild(outDir, 'app/mount.tsx', 'es', 'kefu-app.js', true);
/** The SPA entry, `kefu.mjs`: `import { Kefu, boot } from '@kefu/widget'`. */
export const moduleBuild = (outDir: string) => libBuild(outDir, 'index.ts', 'es', 'kefu.mjs');
/** The classic-script loader, `kefu.js`: draws the launcher and imports `kefu-app.js` from beside itself later. */
export const loaderBuild = (outDir: string) => libBuild(outDir, 'loader/kefu.ts', 'iife', 'kefu.js');

/**
 * Builds the widget into `outDir`: the app (emptying the folder), the SPA entry, the loader.
 * Three builds, because an IIFE cannot share one with ES output, and separate builds keep each
 * file self-contained (no shared chunk on the way to the first message).
 * @example
 * await buildWidget('/tmp/kefu-dist');
 */
export async function buildWidget(outDir: string): Promise<void> {
  await build(appBuild(outDir));
  await build(moduleBuild(outDir));
  await build(loaderBuild(outDir));
}
