import * as z from 'zod/mini';
import { STORED_TEXT_PATTERN } from './storable-text.ts';

/**
 * A client's free text that the hub stores: `min`–`max` long, no U+0000, no lone surrogate.
 * @example
 * const Title = storedText(300, 1);
 * z.safeParse(Title, 'a\u0000b').success; // false
 */
export const storedText = (max: number, min = 0) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.regex(STORED_TEXT_PATTERN));
