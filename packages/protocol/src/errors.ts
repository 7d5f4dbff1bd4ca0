import { ERROR_CODE_FLAGS, type ErrorCode, RETRYABLE_ERROR_CODES } from './error-code-list.ts';

export {
  ERROR_CODE_FLAGS,
  ERROR_CODE_LIST,
  type ErrorCode,
  FATAL_CLOSE_CODES,
  RETRYABLE_ERROR_CODES,
} from './error-code-list.ts';

/** When each error code happens: the prose half of {@link ERROR_CODES}. */
const WHEN = {
  invalid_frame:
    'The frame is not JSON, or does not match any schema for its direction. The first frame (hello) being invalid closes the socket; later invalid frames only get an error.',
  frame_too_large:
    'The frame is longer than limits.maxFrameBytes. Frames up to 4× the limit get an error frame; larger ones are cut off by the socket layer with close 1009.',
  unsupported_version:
    'The frame carries a protocol version `v` the hub does not speak. On hello the socket is closed.',
  unauthorized: 'Unknown site key or agent token, or an identity token that is forged, expired or replayed.',
  forbidden:
    "The upgrade's Origin is not on the site's allowlist (closed), or the request touches a conversation this party may not read or write (error only).",
  rate_limited:
    'Too many frames on this connection (token bucket). The frame is dropped with an error; a client that keeps flooding is closed.',
  too_many_connections: 'The remote address already holds the maximum number of open connections.',
  not_found:
    'The conversation, message or agent named in the frame does not exist. A shopper hello whose `resume` names a conversation that no longer exists (erased) or never did gets it as an error frame before the welcome, which opens their current conversation.',
  conflict:
    'The request contradicts the current state: accepting a conversation another agent already took, sending into a closed conversation.',
  plugin_failed:
    "A merchant plug-in (answer, route, lookupOrder, …) threw or ran past its timeout. The shopper gets a polite system message and the conversation is escalated; this code appears in the hub's logs and events.",
  idle_timeout: 'Nothing was received (not even a ping or pong) within the heartbeat window.',
  slow_consumer:
    "The connection's unsent buffer passed the hub's cap: the client reads too slowly. It can reconnect and resume.",
  bus_outage:
    'The hub node was cut off from its bus (Redis) and is back: events of the outage may never have reached this connection. The hub ends it with this close code alone (no error frame, which clients older than the code could not read); reconnect and resume from the last seq. Nothing is wrong with the client.',
  server_shutdown: 'The hub is shutting down. Reconnect (to another node) and resume.',
  internal:
    "An unexpected fault in the hub, or its store (database) away for a moment: then the message is 'the hub cannot reach its store now; retry shortly', the hub's log line says `unavailable: true`, and the HTTP API answers 503 with Retry-After (a fault: 500). Nothing was written; retry the same frame.",
  connection_lost:
    'Raised by a client, never sent by the hub: the connection a request went out on was lost before the hub answered (the hub answers on the connection that asked), or there was none. Whether the hub acted on it is unknown; retry once reconnected.',
  timeout:
    "Raised by a client, never sent by the hub: the hub did not answer a request within the client's request timeout (the agent client's `requestTimeoutMs`, 10 s by default) though the connection stayed open: the hub or its store is slow. Whether the hub acted on it is unknown; retry.",
} as const satisfies Record<ErrorCode, string>;

type ErrorCodeEntry<K extends ErrorCode> = (typeof ERROR_CODE_FLAGS)[K] & { readonly when: (typeof WHEN)[K] };

/**
 * Stable error codes. Each entry says when it happens, whether retrying the same request can
 * succeed, and the WebSocket close code used when the connection has to end because of it
 * (`null`: the hub answers with an `error` frame and the connection stays open).
 * The table in the package README is this object, rendered.
 */
export const ERROR_CODES = /* @__PURE__ */ withDescriptions(WHEN);

function withDescriptions(when: typeof WHEN): { readonly [K in ErrorCode]: ErrorCodeEntry<K> } {
  return Object.fromEntries(
    Object.entries(ERROR_CODE_FLAGS).map(([code, flags]) => [
      code,
      { ...flags, when: when[code as ErrorCode] },
    ]),
  ) as { readonly [K in ErrorCode]: ErrorCodeEntry<K> };
}

/**
 * An error as a value, with a stable code. Thrown by SDK functions and carried by `error` frames.
 * @example
 * throw new KefuError('not_found', 'conversation c_1 does not exist');
 */
export class KefuError extends Error {
  // A field, not `this.name = …`: a field is defined on the error, where an assignment throws on a
  // page that froze Error.prototype (SES lockdown), whose `name` it would shadow.
  override name = 'KefuError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.retryable = RETRYABLE_ERROR_CODES.includes(code);
  }
}

/** True when `value` is a {@link KefuError} (also across bundle copies of this package). */
export function isKefuError(value: unknown): value is KefuError {
  return (
    value instanceof Error && value.name === 'KefuError' && typeof (value as KefuError).code === 'string'
  );
}
