import { ConversationState, MetricsRow, PageContext } from '@kefu/protocol';
import * as z from 'zod';
import { ENTRY_ID_PATTERN, ENTRY_ID_RULE, KB_LIMITS } from '../faq/knowledge-base.ts';
import type { ShopperRef } from '../hub/privacy.ts';
import { API_KEY_SCOPES } from '../store/api-keys.ts';

// The API's resources as zod schemas: what the router validates and the OpenAPI document shows.
// Request schemas are strict (an unknown field is refused); responses mirror the hub's types.

export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: 'Error' });

export const ms = z.int().min(0).meta({ description: 'Unix time in milliseconds' });

/** Digits only: what `z.coerce.number()` (`Number()`) also took is `0x10`, `1e2`, ` 5`, `+5`, `5.0` and `''` (as 0). */
const decimalDigits = (value: unknown): unknown =>
  typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;

/** The error of a query parameter that is no number: what it must be, or that it is missing. */
const notANumber =
  (expected: string) =>
  (issue: { code: string; input?: unknown }): string | undefined =>
    issue.code !== 'invalid_type'
      ? undefined
      : issue.input === undefined
        ? `required, ${expected}`
        : `must be ${expected}`;

/**
 * A whole number in a query string, written in decimal digits; anything else is a 400 naming the
 * parameter. `build` adds the bounds and a default inside, so the document still shows them.
 * @example
 * query: z.object({ limit: queryInt((n) => n.min(1).max(200).default(50)) }).strict()
 */
export const queryInt = <T extends z.ZodType>(build: (n: z.ZodInt) => T) =>
  z.preprocess(
    decimalDigits,
    build(z.int({ error: notANumber('a whole number in decimal digits (e.g. 50)') })),
  );

/**
 * A time in a query string, Unix milliseconds in decimal digits: a date written as a date
 * (`from=2026-12-01`) is refused saying so, with an example, not as "a whole number (e.g. 50)".
 * @example
 * query: z.object({ from: queryTime((n) => n.min(0)) }).strict()
 */
export const queryTime = <T extends z.ZodType>(build: (n: z.ZodInt) => T) =>
  z.preprocess(
    decimalDigits,
    build(
      z.int({
        error: notANumber('a time in Unix milliseconds (e.g. 1764547200000 for 2025-12-01T00:00:00Z)'),
      }),
    ),
  );

export const ConversationView = z
  .object({
    id: z.string(),
    siteKey: z.string(),
    shopperId: z.string(),
    state: ConversationState,
    createdAt: ms,
    updatedAt: ms,
    lastSeq: z.int(),
    page: z.optional(PageContext),
    locale: z.string().optional(),
    priority: z.number(),
  })
  .meta({ id: 'Conversation' });

export const TicketView = z
  .object({
    id: z.string(),
    conversationId: z.string().optional(),
    title: z.string(),
    tier: z.string(),
    group: z.string().optional(),
    cause: z.string(),
    status: z.enum(['open', 'pending', 'resolved']),
    assignee: z.object({ id: z.string(), name: z.string().optional() }).optional(),
    createdAt: ms,
    updatedAt: ms,
    deadlines: z.array(z.object({ kind: z.string(), dueAt: ms, metAt: ms.optional(), overdue: z.boolean() })),
    followUp: z.object({ dueAt: ms, note: z.string().optional(), alertedAt: ms.optional() }).optional(),
    expectedReplyAt: ms.optional(),
    history: z.array(
      z.object({
        at: ms,
        by: z.object({
          kind: z.enum(['agent', 'system', 'shopper']),
          id: z.string().optional(),
          name: z.string().optional(),
        }),
        action: z.string(),
        note: z.string().optional(),
      }),
    ),
    version: z.int(),
  })
  .meta({ id: 'Ticket' });

// Trimmed first, so only spaces is blank too; the words are the docs' ("texts may not be blank"),
// where zod's own ("expected string to have >=1 characters") reads as if a space were no character.
const text = (max: number) => z.string().trim().min(1, { message: 'may not be blank' }).max(max);

/** A knowledge-base entry id: the parser's rule (`ENTRY_ID_PATTERN`), so what imports can be read, updated and deleted. */
export const EntryId = z
  .string()
  .max(KB_LIMITS.idLength, { message: ENTRY_ID_RULE })
  .regex(ENTRY_ID_PATTERN, { message: ENTRY_ID_RULE })
  .meta({ description: 'Letters, digits and _.:- (e.g. `faq:ship`); `:` may be sent as `%3A` in a path' });

/** An entry as a request gives it: the knowledge-base parser's limits (it checks the entry again). */
export const KnowledgeEntry = z
  .object({
    id: EntryId,
    question: text(KB_LIMITS.questionLength),
    alternatives: z.array(text(KB_LIMITS.questionLength)).max(KB_LIMITS.alternatives).default([]),
    answer: text(KB_LIMITS.answerLength),
    tags: z.array(text(KB_LIMITS.tagLength)).default([]),
    scope: z
      .object({ productIds: z.array(z.string()).optional(), categories: z.array(z.string()).optional() })
      .strict()
      .optional(),
    quickReplies: z
      .array(
        z.object({ label: text(KB_LIMITS.labelLength), payload: text(KB_LIMITS.payloadLength) }).strict(),
      )
      .max(KB_LIMITS.quickReplies)
      .optional(),
    locale: z.string().max(35).optional(),
  })
  .strict()
  .meta({ id: 'KnowledgeEntry' });

/**
 * An entry as the hub answers with it: the stored entry as is, without the request's limits, so a
 * listing never fails as a whole over one entry. (The request side is `KnowledgeEntryInput` in the document.)
 */
export const KnowledgeEntryView = z
  .object({
    id: z.string(),
    question: z.string(),
    alternatives: z.array(z.string()),
    answer: z.string(),
    tags: z.array(z.string()),
    scope: z
      .object({ productIds: z.array(z.string()).optional(), categories: z.array(z.string()).optional() })
      .optional(),
    quickReplies: z.array(z.object({ label: z.string(), payload: z.string() })).optional(),
    locale: z.string().optional(),
  })
  .meta({ id: 'KnowledgeEntry' });

export const KnowledgeDraftView = z
  .object({
    id: z.string(),
    question: z.string(),
    answer: z.string(),
    alternatives: z.array(z.string()),
    tags: z.array(z.string()),
    source: z.object({
      conversationId: z.string(),
      questionSeq: z.int(),
      answerSeq: z.int(),
      agentId: z.string(),
    }),
    createdAt: ms,
  })
  .meta({ id: 'KnowledgeDraft' });

export const KnowledgeProposalView = z
  .object({
    id: z.string(),
    kind: z.enum(['alternate', 'entry']),
    target: z
      .object({
        entryId: z.string(),
        question: z.string(),
        /** The entry's answer: what the bot gives once the questions are its alternates. */
        answer: z.string(),
        by: z.enum(['answer', 'ranking']),
        score: z.number(),
      })
      .optional(),
    language: z.enum(['zh', 'en']),
    count: z.int(),
    conversations: z.int(),
    questions: z.array(z.object({ text: z.string(), count: z.int() })),
    answer: z.string(),
    misses: z.object({ refused: z.int(), suggested: z.int(), not_helpful: z.int() }),
    firstAt: ms,
    lastAt: ms,
    questionIds: z.array(z.string()),
  })
  .meta({ id: 'KnowledgeProposal' });

/** Approving as proposed is `{}`; every field changes the proposal first. */
export const ProposalApproval = z
  .object({
    kind: z.enum(['alternate', 'entry']).optional(),
    /** The entry to add the questions to, or the new entry's id. */
    entryId: EntryId.optional(),
    questions: z.array(text(KB_LIMITS.questionLength)).min(1).max(KB_LIMITS.alternatives).optional(),
    answer: text(KB_LIMITS.answerLength).optional(),
  })
  .strict()
  .meta({ id: 'ProposalApproval' });

export const DecidedProposalView = z
  .object({
    proposal: KnowledgeProposalView,
    verdict: z.enum(['approved', 'rejected']),
    entry: KnowledgeEntryView.optional(),
  })
  .meta({ id: 'DecidedProposal' });

export const KnowledgeFindingView = z
  .object({
    kind: z.enum([
      'empty',
      'duplicate_id',
      'duplicate_phrasing',
      'duplicate_answer',
      'markup_in_answer',
      'locale_mismatch',
      'unreachable',
      'confusable',
      'needs_alternate',
    ]),
    severity: z.enum(['error', 'warning', 'info']),
    entryId: z.string(),
    message: z.string(),
    otherId: z.string().optional(),
    reachedId: z.string().optional(),
    phrasing: z.string().optional(),
    otherPhrasing: z.string().optional(),
    field: z.enum(['id', 'question', 'answer']).optional(),
    indexes: z.array(z.int()).optional(),
    markup: z.string().optional(),
  })
  .meta({ id: 'KnowledgeFinding' });

export const KnowledgeReportView = z
  .object({ entries: z.int(), entriesWithFindings: z.int(), findings: z.array(KnowledgeFindingView) })
  .meta({ id: 'KnowledgeReport' });

export const ReportView = z
  .object({
    from: ms,
    to: ms,
    groupBy: z.enum(['group', 'agent', 'day']).optional(),
    timeZone: z
      .string()
      .optional()
      .meta({ description: 'The IANA zone days are cut in (metrics.timeZone, UTC by default)' }),
    total: MetricsRow,
    rows: z.array(MetricsRow),
  })
  .meta({
    id: 'Report',
    description:
      'Service metrics as the README defines them; bot.failures counts conversations in which a bot turn failed for good (after its tries) and went to people, each once',
  });

export const ApiKeyView = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(API_KEY_SCOPES as ['read', 'write', 'admin'])),
    createdAt: ms,
    revokedAt: ms.optional(),
  })
  .meta({ id: 'ApiKey' });

/** A shopper named as in `exportShopper`: exactly one of your user id and the hub's id. */
export const ShopperRefBody = z
  .object({
    siteKey: z.string().min(1).max(64),
    userId: z.string().min(1).max(200).optional().meta({ description: 'Your user id (a signed-in shopper)' }),
    shopperId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "The hub's id (`u:<your user id>`, or `d#…` for an anonymous device)" }),
  })
  .strict()
  .refine((r) => (r.userId === undefined) !== (r.shopperId === undefined), {
    message: 'give exactly one of userId and shopperId',
  });

export const shopperRef = (r: z.output<typeof ShopperRefBody>): ShopperRef =>
  r.userId !== undefined
    ? { siteKey: r.siteKey, userId: r.userId }
    : { siteKey: r.siteKey, shopperId: r.shopperId ?? '' };
