import type { ClassifyImagePlugin, ImageLabel } from '@kefu/sdk/images';

export interface VisionRecognizerOptions {
  /** The vision service's endpoint: it gets the image bytes in a POST and answers with predictions. */
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** The service's own label for each Kefu label; unlisted labels are ignored. */
  labels?: Record<string, ImageLabel>;
  /** Predictions under this score do not count (default 0.5). */
  minScore?: number;
  /** Injected in tests or to add a proxy; the global fetch by default. */
  fetch?: typeof fetch;
}

/** What this example's service answers: `{ predictions: [{ label: 'crushed_box', score: 0.91 }] }`. */
interface VisionAnswer {
  predictions?: { label?: unknown; score?: unknown }[];
}

const DEFAULT_LABELS: Record<string, ImageLabel> = {
  crushed_box: 'damaged',
  broken: 'damaged',
  torn_packaging: 'damaged',
  wrong_product: 'wrong_item',
  missing_piece: 'missing_part',
  empty_box: 'missing_part',
};

/**
 * A recognizer for the `classifyImage` seam that asks an external vision service what a shopper's
 * photo shows, and maps the service's best prediction onto Kefu's labels. It passes `ctx.signal`
 * to fetch, so the hub's plug-in timeout cancels the request instead of leaving it running.
 * @example
 * const classifyImage = createVisionRecognizer({ url: 'https://vision.internal/v1/classify', apiKey: process.env.VISION_KEY });
 */
export function createVisionRecognizer(options: VisionRecognizerOptions): ClassifyImagePlugin {
  const { url, apiKey, labels = DEFAULT_LABELS, minScore = 0.5, fetch: send = fetch } = options;
  return async (image, ctx) => {
    const response = await send(url, {
      method: 'POST',
      headers: {
        'Content-Type': image.mediaType,
        ...(apiKey && { Authorization: `Bearer ${apiKey}` }),
      },
      // A copy on its own ArrayBuffer: fetch's body type takes no view over a shared or pooled buffer.
      body: new Uint8Array(image.bytes),
      signal: ctx.signal,
    });
    if (!response.ok) throw new Error(`vision service answered ${response.status}`);
    const answer = (await response.json()) as VisionAnswer;
    let best: { label: ImageLabel; confidence: number } | null = null;
    for (const { label, score } of answer.predictions ?? []) {
      if (typeof label !== 'string' || typeof score !== 'number' || score < minScore) continue;
      const ours = labels[label];
      if (ours && (!best || score > best.confidence)) best = { label: ours, confidence: Math.min(score, 1) };
    }
    return best;
  };
}
