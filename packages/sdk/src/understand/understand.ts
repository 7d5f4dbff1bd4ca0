import type { Understanding } from '../seams/understanding.ts';
import { angerScore } from './anger.ts';
import { classifyIntent } from './classify-intent.ts';
import { detectLocale } from './detect-locale.ts';
import type { Intent } from './intent-lexicon.ts';

/**
 * The plug-in seam's {@link Understanding}, as the built-in lexicons fill it in: the intent is one
 * of ours and the locale is always known.
 */
export type MessageUnderstanding = Understanding & { intent: Intent; locale: 'zh' | 'en' };

/**
 * Intent, anger and language of one message; pure, synchronous and a few microseconds long, so the
 * hub can run it on every message. A strongly angry message that names no other need is a complaint.
 *
 * @example
 * understand('转人工！！'); // { intent: 'ask_for_human', anger: ~0.3, locale: 'zh', ... }
 * understand('Where is my parcel?'); // { intent: 'logistics', anger: 0, locale: 'en', ... }
 */
export function understand(text: string): MessageUnderstanding {
  const { intent, confidence } = classifyIntent(text);
  const anger = angerScore(text);
  const locale = detectLocale(text);
  if (anger >= 0.75 && (intent === 'other' || intent === 'greeting')) {
    return { intent: 'complaint', confidence: 0.5, anger, locale };
  }
  return { intent, confidence, anger, locale };
}
