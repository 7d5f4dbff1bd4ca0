/**
 * The SDK's test files that replace a module (`vi.mock`), from the repository's root: they run in
 * an isolated project of their own (sdk-mocks), since the rest of the SDK's tests share one module
 * graph per worker, where a module another file loaded first would stay the real one.
 * `packages/sdk/src/architecture.test.ts` keeps this list whole.
 */
export const MODULE_MOCKING_TESTS = [
  'packages/sdk/src/faq/check-knowledge-base.test.ts',
  'packages/sdk/src/faq/faq-index.test.ts',
  'packages/sdk/src/images/process-image.test.ts',
  'packages/sdk/src/parse-yaml.test.ts',
] as const;
