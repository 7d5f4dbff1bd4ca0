export {
  type AgentContent,
  type CannedReply,
  type Content,
  type ConversationState,
  type ConversationStatus,
  ERROR_CODES,
  type ErrorCode,
  isKefuError,
  KefuError,
  type Message,
  type Order,
  type PageContext,
  PROTOCOL_VERSION,
  type Product,
} from '@kefu/protocol';
export * from './bus/bus.ts';
export * from './bus/bus-connection-error.ts';
export * from './bus/memory-bus.ts';
export type { Clock } from './clock.ts';
export { systemClock } from './clock.ts';
export type { KefuConfig, KefuConfigInput } from './config/config-schema.ts';
export {
  type ConfiguredHub,
  createHubFromConfig,
  type HubFromConfigOptions,
} from './config/hub-from-config.ts';
export {
  type ConfigVariables,
  KefuConfigError,
  type KefuConfigIssue,
  type LoadedConfig,
  loadConfig,
  parseConfig,
} from './config/load-config.ts';
export type { AssistOptions } from './conversation/assistant.ts';
export type {
  AdminActor,
  ConversationPage,
  ConversationQuery,
  ConversationsAdmin,
  MessageAuthor,
} from './conversation/back-office.ts';
export type { BotName } from './conversation/bot-name.ts';
export { defaultAnswer } from './conversation/default-answer.ts';
export type { HubEvents } from './conversation/hub-events.ts';
export type { KnowledgeDraft } from './conversation/learning.ts';
export {
  answerEntry,
  checkKnowledgeBase,
  checkKnowledgeBaseAsync,
  createFaqAnswerer,
  createFaqBot,
  createFaqEngine,
  DEFAULT_SYNONYMS,
  DEFAULT_THRESHOLDS,
  FAQ_PAYLOAD_PREFIX,
  type FaqAnswererOptions,
  type FaqCandidate,
  type FaqContext,
  type FaqDecision,
  type FaqEngine,
  type FaqMatch,
  type FaqOptions,
  type FaqThresholds,
  type KnowledgeBase,
  type KnowledgeBaseEntry,
  KnowledgeBaseError,
  type KnowledgeBaseFinding,
  type KnowledgeBaseIssue,
  type KnowledgeBaseReport,
  normalizeText,
  parseKnowledgeBase,
  parseKnowledgeBaseCsv,
  plainAnswer,
  reloadInTurns,
  type SynonymGroups,
  toSimplified,
} from './faq/index.ts';
export {
  knowledgeBaseFileWriter,
  parseKnowledgeBaseText,
  readKnowledgeBaseFile,
} from './faq/knowledge-base-file.ts';
export type { KnowledgeBaseFormat, KnowledgeBaseOptions, KnowledgeEditor } from './faq/knowledge-editor.ts';
export { watchKnowledgeBase } from './faq/watch-knowledge-base.ts';
export type { HttpApi } from './http/http-api.ts';
export type { HttpApiOptions } from './http/http-options.ts';
export type { AgentsPresence } from './hub/admin.ts';
export {
  type ApiKeyInfo,
  type ApiKeys,
  hashApiKeySecret,
  parseApiKey,
  type SeedApiKey,
} from './hub/api-keys.ts';
export * from './hub/create-hub.ts';
export { DEFAULT_LIMITS, type HubLimits } from './hub/hub-limits.ts';
export type { AgentConfig, HubOptions, SiteConfig } from './hub/hub-options.ts';
export { HubOptionsError } from './hub/hub-options-error.ts';
export { type ShopperIdentity, signIdentity } from './hub/identity.ts';
export { resolveShopperId, type ShopperExport, type ShopperRef } from './hub/privacy.ts';
export type { HubOrderEvent, ProactiveApi } from './hub/proactive-api.ts';
export type { Readiness, ReadinessCheck } from './hub/readiness.ts';
export { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleOptions } from './hub/sign-in-throttle.ts';
export { defaultIds, type IdGenerator, sequentialIds } from './ids.ts';
export type {
  DecidedProposal,
  KnowledgeLearning,
  ProposalDecision,
} from './learning/knowledge-learning.ts';
export type { KnowledgeProposal } from './learning/knowledge-proposals.ts';
export {
  createJsonLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  MAX_LOG_VALUE_LENGTH,
  REDACTED_LOG_FIELDS,
  silentLogger,
} from './logger.ts';
export { reportToCsv, reportToPrometheus } from './metrics/export-formats.ts';
export { computeReport, type GroupBy, type Report, type ReportOptions } from './metrics/report.ts';
export { ACTION_PAYLOADS } from './proactive/actions.ts';
export {
  NOTIFY_PAYLOADS,
  type NotifyContent,
  type NotifyOptions,
  type NotifyOutcome,
  NotifyRefusal,
  type NotifyRefusalReason,
} from './proactive/notify.ts';
export { DEFAULT_NOTIFICATION_LIMITS, type NotificationLimits } from './proactive/notify-record.ts';
export type { OrderEventOutcome } from './proactive/order-events.ts';
export {
  type CarrierReason,
  DEFAULT_ORDER_RULES,
  type ExceptionRule,
  type OrderEventData,
  type OrderEventDetail,
  type OrderEventStatus,
  type OrderExceptionKind,
  type OrderRules,
  type OrderTemplate,
} from './proactive/order-rules.ts';
export { inspect, type QaContext } from './quality/inspect.ts';
export { DEFAULT_QA_RULES, type QaRule } from './quality/rules.ts';
export { createRouter, type RouterConfig } from './routing/default-router.ts';
export type { RoutingOptions } from './routing/dispatcher-contract.ts';
export {
  createEscalationRules,
  DEFAULT_ESCALATION_RULES,
  type EscalationRules,
} from './routing/escalation-rules.ts';
export { isOpen, nextOpening, type OfficeHours, validateOfficeHours } from './routing/office-hours.ts';
export type { SlaEvent, SlaMetric, SlaPolicies, SlaScope, SlaTimer } from './routing/sla.ts';
export {
  type ActionContext,
  type ActionInputSchema,
  type ActionOutcome,
  defineAction,
  type SelfServiceAction,
  type SelfServiceActions,
} from './seams/actions.ts';
export type { AgentProfile, Requirements } from './seams/agents.ts';
export type * from './seams/plugins.ts';
export { DEFAULT_POLICY, type Policy, resolvePolicy } from './seams/policy.ts';
export type { PluginResult } from './seams/run-plugin.ts';
export type { ShopperInfo } from './seams/shopper.ts';
export type {
  SupportTier,
  Ticket,
  TicketActor,
  TicketAdvice,
  TicketCause,
  TicketDeadline,
  TicketDeadlineKind,
  TicketDeadlinePolicy,
  TicketEvent,
  TicketHistoryEntry,
  TicketStatus,
} from './seams/tickets.ts';
export type { Understanding } from './seams/understanding.ts';
export {
  WEBHOOK_EVENT_TYPES,
  type WebhookEvent,
  type WebhookEventData,
  type WebhookEventType,
} from './seams/webhook-events.ts';
export type { ApiKeyScope, ApiKeyStore, StoredApiKey } from './store/api-keys.ts';
export type { LearnedQuestion, LearnedQuestionStore, QuestionMiss } from './store/learned-questions.ts';
export * from './store/memory-store.ts';
export type * from './store/store.ts';
export type * from './store/webhook-store.ts';
export { inShopperScript } from './text/shopper-script-text.ts';
export { angerScore, classifyIntent, detectLocale, type Intent, understand } from './understand/index.ts';
export type { PostResult, PostWebhook } from './webhooks/post-webhook.ts';
export { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from './webhooks/retry-schedule.ts';
export {
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhook,
  type WebhookVerification,
} from './webhooks/signature.ts';
export { type ResolveHost, WebhookUrlError, type WebhookUrlProblem } from './webhooks/url-guard.ts';
export type { WebhookAdmin, WebhookSubscriptionInfo } from './webhooks/webhook-admin.ts';
export type { WebhookOptions, WebhookSubscriptionConfig } from './webhooks/webhook-options.ts';
