import type { PluginContext } from './plugins.ts';

/** The labels the default router and the assist panel know; a recognizer may return others. */
export type ImageLabel = 'damaged' | 'wrong_item' | 'missing_part' | 'other';

/** An image as the recognizer gets it: the re-encoded bytes the hub stored, never the upload. */
export interface ClassifiableImage {
  id: string;
  bytes: Uint8Array;
  /** `image/jpeg` or `image/webp`. */
  mediaType: string;
  width: number;
  height: number;
  /** What the sender wrote with it, if anything. */
  caption?: string;
}

export interface ImageClassification {
  /** One of {@link ImageLabel}, or a merchant's own (lower-case letters, digits, `_`; at most 64). */
  label: ImageLabel | (string & {});
  /** 0..1. */
  confidence: number;
}

/**
 * Recognises what a shopper's photo shows, e.g. a damaged parcel; null when it cannot tell. Run
 * under the plug-in timeout with `ctx.signal` aborted when time is up: pass it to `fetch`. No
 * model ships with Kefu; `examples/plugins/src/vision-recognizer.ts` calls an external service.
 */
export type ClassifyImagePlugin = (
  image: ClassifiableImage,
  ctx: PluginContext,
) => Promise<ImageClassification | null>;
