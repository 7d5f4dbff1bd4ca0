export type { Understanding } from '../seams/understanding.ts';
export { angerScore } from './anger.ts';
export { classifyIntent } from './classify-intent.ts';
export { detectLocale } from './detect-locale.ts';
export { INTENT_LEXICON, type Intent } from './intent-lexicon.ts';
export { type MessageUnderstanding, understand } from './understand.ts';
