import { ERROR_CODE_LIST, type ErrorCode } from './error-code-list.ts';

/**
 * What every error code looks like, known or not: lower-case letters and `_`, starting with a
 * letter, at most 64 characters (an id's limit). A client accepts an `error` frame whose code has
 * this shape even when it does not know it.
 */
export const ERROR_CODE_PATTERN = /^[a-z][a-z_]{0,63}$/;

/**
 * An `error` frame's code as a client reads it: a code it knows stays; one it does not know (a
 * newer hub's, say `store_unavailable`) reads as the closest known meaning, from the frame's own
 * `retryable`: `internal` (a fault, try again) or `invalid_frame` (refused as it stands, do not).
 * A newer hub can so add codes without breaking the clients already deployed. Whether the code has
 * the shape of one ({@link ERROR_CODE_PATTERN}) is the caller's to check; the hub's own frames are
 * checked against the strict list (`ErrorFrame`).
 * @example
 * readErrorCode('not_found', false); // 'not_found'
 * readErrorCode('store_unavailable', true); // 'internal'
 */
export const readErrorCode = (code: unknown, retryable: unknown): ErrorCode =>
  ERROR_CODE_LIST.includes(code as ErrorCode)
    ? (code as ErrorCode)
    : retryable
      ? 'internal'
      : 'invalid_frame';
