// Each limit is also its own constant, so a bundle (the widget) carries only the few it reads:
// a minifier cannot drop unused properties of an object, but it inlines a number.
/** Largest frame, in UTF-8 bytes of its JSON text. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Longest text message, in Unicode code points (`[...text].length`; what zod and JSON Schema count). */
export const MAX_TEXT_CHARS = 4000;
/** Most quick replies in one message. */
export const MAX_QUICK_REPLIES = 10;
export const MAX_QUICK_REPLY_LABEL_CHARS = 40;
export const MAX_PAYLOAD_CHARS = 256;
/** Ids chosen by clients (clientMsgId, deviceId, request id). */
export const MAX_ID_CHARS = 64;
/** Most messages in one history page. */
export const MAX_HISTORY_PAGE = 100;
export const MAX_NOTE_CHARS = 4000;
/**
 * Most internal notes one conversation keeps (transfer and assign notes included): a join sends them
 * all, so they are bounded as a page of messages is.
 */
export const MAX_NOTES = 100;
export const MAX_URL_CHARS = 2048;
export const MAX_TITLE_CHARS = 300;
export const MAX_NAME_CHARS = 100;
export const MAX_TOKEN_CHARS = 4096;
/** Longest merchant user id a shopper identity carries (an identity token's `sub`). */
export const MAX_USER_ID_CHARS = 128;
export const MAX_ORDER_EVENTS = 20;
/** Longest caption under an image, in code points. */
export const MAX_CAPTION_CHARS = 1000;
/** Largest side of an image the hub serves, in pixels (its intake scales down to 2048). */
export const MAX_IMAGE_DIMENSION = 16384;
/** Largest stored image, in bytes: what the hub keeps after re-encoding, not the upload cap. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/**
 * Latest timestamp a frame may carry: 9999-12-31T23:59:59.999Z. Every `Date` formats it and every
 * store holds it; 2^53 − 1 ms, which an integer check alone lets through, is past what a `Date` can be.
 */
export const MAX_TIMESTAMP = 253_402_300_799_999;
/** Furthest ahead of the hub's clock an agent can set a follow-up (`pending.dueAt`): a year, in ms. */
export const MAX_FOLLOW_UP_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Limits every implementation enforces. The hub sends them in `welcome.limits`, so a client
 * can check a message before it is sent instead of learning from an error.
 */
export const LIMITS = {
  maxFrameBytes: MAX_FRAME_BYTES,
  maxTextChars: MAX_TEXT_CHARS,
  maxQuickReplies: MAX_QUICK_REPLIES,
  maxQuickReplyLabelChars: MAX_QUICK_REPLY_LABEL_CHARS,
  maxPayloadChars: MAX_PAYLOAD_CHARS,
  maxIdChars: MAX_ID_CHARS,
  maxHistoryPage: MAX_HISTORY_PAGE,
  maxNoteChars: MAX_NOTE_CHARS,
  maxNotes: MAX_NOTES,
  maxUrlChars: MAX_URL_CHARS,
  maxTitleChars: MAX_TITLE_CHARS,
  maxNameChars: MAX_NAME_CHARS,
  maxTokenChars: MAX_TOKEN_CHARS,
  maxOrderEvents: MAX_ORDER_EVENTS,
  maxCaptionChars: MAX_CAPTION_CHARS,
  maxImageDimension: MAX_IMAGE_DIMENSION,
  maxImageBytes: MAX_IMAGE_BYTES,
  maxTimestamp: MAX_TIMESTAMP,
  maxFollowUpMs: MAX_FOLLOW_UP_MS,
} as const;

export type Limits = typeof LIMITS;
