import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions, type InlineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

// Shared by the builds: Preact's `h` for JSX (see jsxAsH) and workspace packages from source.
const common: InlineConfig = {
  configFile: false,
  root,
  logLevel: 'warn',
  // Explicit, so a build run from a test (NODE_ENV=test) produces the same bytes as `pnpm build`.
  mode: 'production',
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } },
  resolve: { conditions: ['source', ...defaultClientConditions] },
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [appAsSibling(), stylesOnOneLine(), prototypeMethodsDefined(), jsxAsH()],
};

/**
 * The shipped JSX calls Preact's `h`, which the app carries anyway, rather than
 * the automatic runtime's `jsx`, a second vnode factory with development fields (267 B gzip of
 * the chat app). Tests and types keep the automatic runtime (tsconfig, toolchain gotcha 6): the
 * same components, built either way.
 */
function jsxAsH(): Plugin {
  return {
    name: 'kefu-jsx-as-h',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.tsx')) return null;
      return { code: `import { h, Fragment } from 'preact';\n${code}`, map: null };
    },
  };
}

/**
 * A page that froze its intrinsics (SES `lockdown()`, a hardened JavaScript page) makes
 * `Signal.prototype.valueOf = …` throw: an assignment cannot shadow a read-only property inherited
 * from the frozen Object.prototype (the "override mistake"), and @preact/signals-core does that
 * as the chat app is evaluated, so the app never ran. The dependencies' assignments of
 * Object.prototype's methods become a definition of a writable own property first, which a frozen
 * prototype does not forbid. (The widget's own code defines these in classes.)
 */
function prototypeMethodsDefined(): Plugin {
  return {
    name: 'kefu-prototype-methods-defined',
    transform(code, id) {
      if (!id.includes('/node_modules/')) return null;
      const next = code.replace(
        /\b([\w$]+\.prototype)\.(toString|valueOf|toLocaleString|hasOwnProperty|isPrototypeOf|propertyIsEnumerable)\s*=(?!=)/g,
        'Object.defineProperty($1,"$2",{writable:!0}).$2=',
      );
      return next === code ? null : { code: next, map: null };
    },
  };
}

/**
 * The style sheets (`*-css.ts`) are written one rule a line, to be read and diffed; the shipped
 * copy drops the line break after each rule (43 B gzip of the chat app's budget).
 */
function stylesOnOneLine(): Plugin {
  return {
    name: 'kefu-styles-one-line',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('-css.ts')) return null;
      return { code: code.replace(/`[^`]*`/g, (sheet) => sheet.replace(/\}\n/g, '}')), map: null };
    },
  };
}

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
      // Terser first (Vite runs it on each chunk as Rolldown renders it), then Rolldown's own Oxc
      // minifier over its output (`output.minify` below, which runs after): Terser's compressor finds
      // what Oxc's misses, and Oxc prints the strings as template literals like the rest of the file,
      // which gzip better than Terser's mix of quotes (Terser alone made each locale chunk 13 B
      // larger). No option that touches built-ins (`unsafe`, `unsafe_math`…), so frozen-intrinsics
      // pages and CSP still hold.
      // Bytes gzip -9, Oxc alone -> Terser then Oxc: kefu-app.js 23,186 -> 23,001; kefu.js 2,042 -> 2,010;
      // kefu.mjs 1,952 -> 1,920; kefu-attachments.js 4,132 -> 4,115; kefu-status-note.js 558 -> 549;
      // kefu-csat.js 853, kefu-order-card.js 816, kefu-en.js 1,114, kefu-zh-cn.js 1,389,
      // kefu-zh-tw.js 1,387 unchanged. (Terser after Oxc instead: the locales 12-14 B larger.)
      minify: 'terser',
      terserOptions: {
        // `unsafe_arrows` makes a function expression that uses no `this` or `arguments` an arrow, and
        // `unsafe_methods` an object's `m: function () {}` a method: neither is ever `new`ed here (Preact
        // news a component only when its prototype has `render`). Bytes gzip -9: kefu-app.js -48, kefu.js
        // -5 (methods: +3 on the loader, so the IIFE goes without). Not `pure_getters`: 25 B off the app,
        // but it drops reads whose value is unused, and a signal's read is its subscription (it broke
        // @preact/signals' text nodes). A third pass for the loader alone (2026-12-07): 4 B off it, but
        // 52 B onto the app and 17 B onto kefu-zh-cn.js. `inline: 1` inlines only simple functions: also
        // inlining those with arguments and variables (the default, 3) made the app 11 B and
        // kefu-attachments.js 3 B larger (2026-12-08; the loader unchanged).
        compress: {
          passes: format === 'es' ? 2 : 3,
          inline: 1,
          unsafe_arrows: true,
          unsafe_methods: format === 'es',
        },
        ecma: 2020,
        format: { comments: false },
      },
      sourcemap: false,
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: { entry: src(entry), formats: [format], name: 'KefuLoader', fileName: () => fileName },
      // Lib mode leaves whitespace and pure annotations in ES output; these files are final, so minify
      // fully and drop the comments (332 B gzip of /* @__PURE__ */ in the app). Locale chunks get
      // plain names beside kefu-app.js: kefu-en.js, kefu-zh-cn.js, kefu-zh-tw.js.
      // The attachment chunk (kefu-attachments.js) uses Preact, signals and the client from the app,
      // which the app then exports to it: without 'allow-extension', Rolldown moves them all into a
      // third shared chunk that every shopper would fetch before the first message.
      rolldownOptions: {
        preserveEntrySignatures: 'allow-extension',
        // Terser takes seconds on a busy machine, which Rolldown would warn about on every build.
        checks: { bundlerTimings: false },
        // Oxc keeps Terser's short names in ES output (mangling again only shuffled them: 3 B gzip more on
        // the app, 2026-12-08); the loader gains 2 B from it, and keeps it.
        output: {
          minify: format === 'es' ? { compress: true, mangle: false, codegen: true } : true,
          comments: false,
          chunkFileNames: 'kefu-[name].js',
        },
      },
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
