import * as z from 'zod/mini';

/**
 * A BCP 47 language tag as clients send one (`en`, `zh-CN`, `zh-Hant-TW`): letters, then subtags
 * of letters and digits joined by hyphens. Not a registry check: its point is that a locale is a
 * tag, not text (a raw client's hello named itself `en\u202E-moc.live`, which the console then
 * showed), and that `zh_CN` is refused where it is given rather than read as no locale later.
 * Without a lookahead, so that validators of the JSON Schema in other languages (RE2) read it.
 */
export const LANGUAGE_TAG_PATTERN = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
const MAX_LANGUAGE_TAG_CHARS = 35;

export const languageTag = z
  .string()
  .check(z.minLength(2), z.maxLength(MAX_LANGUAGE_TAG_CHARS), z.regex(LANGUAGE_TAG_PATTERN));

/** `languageTag` without zod, for option checks. */
export const isLanguageTag = (tag: string): boolean =>
  tag.length <= MAX_LANGUAGE_TAG_CHARS && LANGUAGE_TAG_PATTERN.test(tag);
