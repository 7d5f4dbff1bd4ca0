import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';

/**
 * Bundles the console for the browser in memory (well under a second with vite 8), so the demo
 * serves it with no build step of its own. Preact's JSX runtime is named explicitly: vite 8 would
 * otherwise look for React's (toolchain gotcha 6).
 */
export async function bundleConsole(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    root: fileURLToPath(new URL('..', import.meta.url)),
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
    resolve: { conditions: ['source', ...defaultClientConditions] },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: {
        entry: fileURLToPath(new URL('main.tsx', import.meta.url)),
        formats: ['es'],
        fileName: () => 'console.js',
      },
      // Lib mode keeps whitespace in ES output unless the output itself is minified.
      rolldownOptions: { output: { minify: true, comments: false } },
    },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: { type: string; code?: string }[] };
  const chunk = first.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('agent console bundle: no output');
  return chunk.code;
}
