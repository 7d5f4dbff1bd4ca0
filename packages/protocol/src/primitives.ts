import * as z from 'zod/mini';
import { CLIENT_FEATURES } from './enums.ts';
import { ERROR_CODE_LIST, type ErrorCode } from './error-code-list.ts';
import { LIMITS } from './limits.ts';
import { ID_PATTERN } from './storable-text.ts';
import { storedText } from './stored-text.ts';
import { PROTOCOL_VERSION } from './version.ts';

/** Bounded strings and numbers shared by the frame schemas. */
export const boundedString = (max: number, min = 0) => z.string().check(z.minLength(min), z.maxLength(max));
/**
 * Ids are 1–64 characters with no control characters (stores and logs cannot hold NUL) and no lone
 * surrogate: `STORED_TEXT_PATTERN`'s rule with every control character refused, as one pattern.
 */
export const id = boundedString(LIMITS.maxIdChars, 1).check(z.regex(ID_PATTERN));
export const url = storedText(LIMITS.maxUrlChars);
export const seq = z.int().check(z.gte(0));
/** Milliseconds since the Unix epoch, up to `maxTimestamp` (year 9999), so every one is a valid `Date`. */
export const timestamp = z.int().check(z.gte(0), z.lte(LIMITS.maxTimestamp));
export const version = z.literal(PROTOCOL_VERSION);
export const errorCode = z.enum(ERROR_CODE_LIST as [ErrorCode, ...ErrorCode[]]);
/** Optional request id a client may put on any frame; responses and errors echo it as `re`. */
export const requestId = z.optional(id);
/**
 * `hello.features`. Unknown names are dropped, not refused, so a newer client still connects to
 * this hub; the list is short because it is what the hub branches on.
 */
export const clientFeatures = z.pipe(
  z.array(z.string().check(z.maxLength(32))).check(z.maxLength(16)),
  z.transform((names) =>
    names.filter((name): name is (typeof CLIENT_FEATURES)[number] =>
      (CLIENT_FEATURES as readonly string[]).includes(name),
    ),
  ),
);
