/**
 * The stable error codes, each with whether retrying the same request can succeed and the
 * WebSocket close code used when the connection has to end because of it (`null`: the hub
 * answers with an `error` frame and the connection stays open). What each one means is in
 * `ERROR_CODES` (errors.ts): kept apart so the schemas, and the widget bundle, do not carry the prose.
 * The list and the retryable codes are plain arrays, and the close codes a table of their own, so
 * a bundle that only reads frames and throws `KefuError` (the widget) carries no table at all.
 */
const CODES = [
  'invalid_frame',
  'frame_too_large',
  'unsupported_version',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'too_many_connections',
  'not_found',
  'conflict',
  'plugin_failed',
  'idle_timeout',
  'slow_consumer',
  'bus_outage',
  'server_shutdown',
  'internal',
  'connection_lost',
  'timeout',
] as const;

export type ErrorCode = (typeof CODES)[number];
export const ERROR_CODE_LIST = CODES as readonly ErrorCode[] as ErrorCode[];

/** The codes after which the same request can succeed if tried again. */
export const RETRYABLE_ERROR_CODES: readonly ErrorCode[] = [
  'rate_limited',
  'too_many_connections',
  'idle_timeout',
  'slow_consumer',
  'bus_outage',
  'server_shutdown',
  'internal',
  'connection_lost',
  'timeout',
];

const CLOSE = {
  invalid_frame: 4400,
  frame_too_large: 1009,
  unsupported_version: 4426,
  unauthorized: 4401,
  forbidden: 4403,
  rate_limited: 4429,
  too_many_connections: 4429,
  not_found: null,
  conflict: null,
  plugin_failed: null,
  idle_timeout: 4408,
  slow_consumer: 4509,
  bus_outage: 4503,
  server_shutdown: 1001,
  internal: null,
  connection_lost: null,
  timeout: null,
} as const satisfies Record<ErrorCode, number | null>;

/** Each code's flags: whether it is retryable, and its close code. */
export const ERROR_CODE_FLAGS = /* @__PURE__ */ flags();

function flags() {
  return Object.fromEntries(
    CODES.map((code) => [code, { retryable: RETRYABLE_ERROR_CODES.includes(code), close: CLOSE[code] }]),
  ) as { readonly [K in ErrorCode]: { readonly retryable: boolean; readonly close: (typeof CLOSE)[K] } };
}

/** Close codes after which a client must not reconnect on its own: the same attempt would fail again. */
export const FATAL_CLOSE_CODES: readonly number[] = [4400, 4401, 4403, 4426];
