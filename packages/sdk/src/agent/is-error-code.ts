import { ERROR_CODE_LIST, type ErrorCode } from '@kefu/protocol';

/** Whether `value` is one of the protocol's error codes (a code read from an HTTP body or a close reason). */
export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODE_LIST as readonly string[]).includes(value);
