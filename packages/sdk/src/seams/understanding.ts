/** What the understanding step knows about a shopper message (the FAQ issue fills it in). */
export interface Understanding {
  intent: string;
  confidence: number;
  /** 0 calm … 1 furious. */
  anger: number;
  locale?: string;
  /** What the recognizer (`classifyImage`) saw in the shopper's photo, when this turn was one. */
  image?: { imageId: string; label: string; confidence: number };
}
