/**
 * The stable error codes, each with whether retrying the same request can succeed and the
 * WebSocket close code used when the connection has to end because of it (`null`: the hub
 * answers with an `error` frame and the connection stays open). What each one means is in
 * `ERROR_CODES` (errors.ts): kept apart so the schemas, and the widget bundle, do not carry the prose.
 */
export const ERROR_CODE_FLAGS = {
  invalid_frame: { retryable: false, close: 4400 },
  frame_too_large: { retryable: false, close: 1009 },
  unsupported_version: { retryable: false, close: 4426 },
  unauthorized: { retryable: false, close: 4401 },
  forbidden: { retryable: false, close: 4403 },
  rate_limited: { retryable: true, close: 4429 },
  too_many_connections: { retryable: true, close: 4429 },
  not_found: { retryable: false, close: null },
  conflict: { retryable: false, close: null },
  plugin_failed: { retryable: false, close: null },
  idle_timeout: { retryable: true, close: 4408 },
  slow_consumer: { retryable: true, close: 4509 },
  server_shutdown: { retryable: true, close: 1001 },
  internal: { retryable: true, close: null },
} as const satisfies Record<string, { retryable: boolean; close: number | null }>;

export type ErrorCode = keyof typeof ERROR_CODE_FLAGS;
export const ERROR_CODE_LIST = Object.keys(ERROR_CODE_FLAGS) as ErrorCode[];

/** Close codes after which a client must not reconnect on its own: the same attempt would fail again. */
export const FATAL_CLOSE_CODES: readonly number[] = [4400, 4401, 4403, 4426];
