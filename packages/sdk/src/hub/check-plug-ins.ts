// What createHub checks of the objects and functions a merchant passes in: they fail only
// mid-conversation otherwise, far from the mistake.

function fail(message: string): never {
  throw new TypeError(`createHub: ${message}`);
}

const PLUGINS = ['answer', 'understand', 'shouldEscalate', 'route', 'lookupOrder', 'verifyIdentity'] as const;

/** Plug-ins are async functions; anything else (an object, a file name) would fail only mid-conversation. */
export function checkPlugins(options: { readonly [K in (typeof PLUGINS)[number]]?: unknown }): void {
  for (const name of PLUGINS) {
    const value = options[name];
    if (value === undefined || (name === 'understand' && value === null)) continue;
    if (typeof value !== 'function')
      fail(`${name} must be an async function (a plug-in), not ${describe(value)}`);
  }
}

/**
 * A store or bus must be the object itself: the PostgreSQL and PGlite stores resolve a promise
 * (migrations run first), and a promise passed as it is would let the hub start, then fail every
 * shopper with "store.findLatestConversation is not a function".
 */
export function checkBackend(name: 'store' | 'bus', value: unknown, methods: readonly string[]): void {
  if (value === undefined) return;
  if (typeof (value as { then?: unknown } | null)?.then === 'function')
    fail(
      `${name} is a promise: await it before createHub (e.g. const store = await createPostgresStore({ connectionString }))`,
    );
  const missing = methods.filter((m) => typeof (value as Record<string, unknown> | null)?.[m] !== 'function');
  if (missing.length > 0)
    fail(`${name} must be a ${name === 'store' ? 'Store' : 'Bus'} (it has no ${missing.join(', ')})`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
