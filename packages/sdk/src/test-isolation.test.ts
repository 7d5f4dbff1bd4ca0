import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { MODULE_MOCKING_TESTS } from '../../../test/module-mocking-tests.ts';

// The node test projects share one module graph per worker (vite.config.ts): a file that replaces a
// module must be listed to run isolated, or it would get the real module another file loaded first.
// The widget's project (happy-dom) stays isolated, so its files may mock freely.
const repo = fileURLToPath(new URL('../../../', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist') return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return /\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

it('runs every test file that replaces a module (vi.mock) in an isolated project', () => {
  const mocking = ['packages/sdk/src', 'packages/widget/test', 'examples', 'test']
    .flatMap(testFiles)
    .filter((file) => !file.startsWith('examples/agent-console/src/'))
    .filter((file) => /\bvi\.(?:do)?mock\(/.test(readFileSync(join(repo, file), 'utf8')))
    .sort();
  expect(mocking).toEqual([...MODULE_MOCKING_TESTS].sort());
  // Only the SDK's project has an isolated twin (sdk-mocks).
  for (const file of MODULE_MOCKING_TESTS) expect(file).toMatch(/^packages\/sdk\/src\//);
});
