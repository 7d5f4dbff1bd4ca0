import type { UnderstandPlugin } from '../seams/plugins.ts';
import { immediatePlugin } from '../seams/run-plugin.ts';
import type { Understanding } from '../seams/understanding.ts';
import { angerScore } from './anger.ts';
import { classifyIntent } from './classify-intent.ts';
import { detectLocale } from './detect-locale.ts';
import type { Intent } from './intent-lexicon.ts';
import { matchText } from './lexicon-matcher.ts';

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
  // Normalised and stemmed once for both lexicons.
  const prepared = matchText(text);
  const { intent, confidence } = classifyIntent(prepared);
  const anger = angerScore(text, prepared);
  const locale = detectLocale(text);
  if (anger >= 0.75 && (intent === 'other' || intent === 'greeting')) {
    return { intent: 'complaint', confidence: 0.5, anger, locale };
  }
  return { intent, confidence, anger, locale };
}

/**
 * {@link understand} as the hub's default `understand` plug-in. It answers at once, so the hub
 * runs it without a plug-in timeout.
 * @example
 * createHub({ sites, understand: understandPlugin }); // the same as leaving `understand` out
 */
export const understandPlugin: UnderstandPlugin = immediatePlugin(
  async (text: string) => understand(text),
  (text: string) => understand(text),
);
