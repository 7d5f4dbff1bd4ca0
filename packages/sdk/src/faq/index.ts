export { normalizeText } from '../text/normalize.ts';
export { toSimplified } from '../text/traditional-chinese.ts';
export { type ChineseTokenizer, createAnalyzer } from './analyzer.ts';
export {
  checkKnowledgeBase,
  checkKnowledgeBaseAsync,
  type KnowledgeBaseFinding,
  type KnowledgeBaseReport,
} from './check-knowledge-base.ts';
export {
  answerEntry,
  type BotAnswer,
  type BotQuestion,
  type Content,
  createFaqAnswerer,
  FAQ_PAYLOAD_PREFIX,
  type FaqAnswererOptions,
} from './faq-answerer.ts';
export { createFaqBot } from './faq-bot.ts';
export {
  createFaqEngine,
  DEFAULT_THRESHOLDS,
  type FaqCandidate,
  type FaqContext,
  type FaqDecision,
  type FaqEngine,
  type FaqMatch,
  type FaqOptions,
  type FaqThresholds,
  reloadInTurns,
} from './faq-engine.ts';
export {
  type EntryScope,
  KB_LIMITS,
  type KnowledgeBase,
  type KnowledgeBaseEntry,
  KnowledgeBaseError,
  type KnowledgeBaseIssue,
  parseKnowledgeBase,
  type QuickReply,
} from './knowledge-base.ts';
export { parseKnowledgeBaseCsv } from './knowledge-base-csv.ts';
export { plainAnswer } from './plain-answer.ts';
export { DEFAULT_SYNONYMS, type SynonymGroups } from './synonyms.ts';
