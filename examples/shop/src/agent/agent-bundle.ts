import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';

/**
 * Bundles the agent page's script for the browser, in memory (about half a second), so the demo
 * starts with one command and no build step of its own.
 */
export async function bundleAgentApp(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    root: fileURLToPath(new URL('.', import.meta.url)),
    resolve: { conditions: ['source', ...defaultClientConditions] },
    build: {
      write: false,
      minify: false,
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: {
        entry: fileURLToPath(new URL('agent-app.ts', import.meta.url)),
        formats: ['es'],
        fileName: () => 'app.js',
      },
    },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: { type: string; code?: string }[] };
  const chunk = first.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('agent page bundle: no output');
  return chunk.code;
}
