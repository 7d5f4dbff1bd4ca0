/**
 * Limits every implementation enforces. The hub sends them in `welcome.limits`, so a client
 * can check a message before it is sent instead of learning from an error.
 */
export const LIMITS = {
  /** Largest frame, in UTF-8 bytes of its JSON text. */
  maxFrameBytes: 64 * 1024,
  /** Longest text message, in Unicode code points (`[...text].length`; what zod and JSON Schema count). */
  maxTextChars: 4000,
  /** Most quick replies in one message. */
  maxQuickReplies: 10,
  maxQuickReplyLabelChars: 40,
  maxPayloadChars: 256,
  /** Ids chosen by clients (clientMsgId, deviceId, request id). */
  maxIdChars: 64,
  /** Most messages in one history page. */
  maxHistoryPage: 100,
  maxNoteChars: 4000,
  maxUrlChars: 2048,
  maxTitleChars: 300,
  maxNameChars: 100,
  maxTokenChars: 4096,
  maxOrderEvents: 20,
  /** Longest caption under an image, in code points. */
  maxCaptionChars: 1000,
  /** Largest side of an image the hub serves, in pixels (its intake scales down to 2048). */
  maxImageDimension: 16384,
  /** Largest stored image, in bytes: what the hub keeps after re-encoding, not the upload cap. */
  maxImageBytes: 10 * 1024 * 1024,
} as const;

export type Limits = typeof LIMITS;
