/**
 * The test files that replace a module (`vi.mock`), from the repository's root: they run in
 * isolated projects of their own, since the rest of the SDK's and the widget's tests share one
 * module graph per worker, where a module another file loaded first would stay the real one.
 * `packages/sdk/src/test-isolation.test.ts` keeps this list whole.
 */
export const MODULE_MOCKING_TESTS = [
  'examples/agent-console/src/components/transcript.test.tsx',
  'packages/sdk/src/faq/check-knowledge-base.test.ts',
  'packages/sdk/src/faq/faq-index.test.ts',
  'packages/sdk/src/images/process-image.test.ts',
] as const;
