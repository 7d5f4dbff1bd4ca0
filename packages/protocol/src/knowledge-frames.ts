import * as z from 'zod/mini';
import { LIMITS } from './limits.ts';
import { boundedString, id, requestId, timestamp, version } from './primitives.ts';
import { storedText } from './stored-text.ts';

// Supervisors looking after the bot's knowledge base from the console: what it learned from
// traffic (proposals to approve or reject) and what the doctor finds in it.

/** A knowledge-base entry id (the knowledge base allows longer ids than the protocol's `id`). */
const entryId = boundedString(100, 1);

/**
 * What a knowledge-base entry id may be: letters, digits and `_.:-`, starting with a letter or
 * digit, at most 100 characters. The SDK's knowledge-base parser checks entries with this pattern.
 */
export const KB_ENTRY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
/**
 * A proposal's id is the id of its first learned question: `lq_` and the hub's id characters
 * (letters, digits, `_`, `-`).
 */
export const KB_PROPOSAL_ID_PATTERN = /^lq_[A-Za-z0-9_-]+$/;
/** Ids a supervisor sends: refused with a message when they cannot name anything that exists. */
const decidedEntryId = entryId.check(
  z.regex(KB_ENTRY_ID_PATTERN, { error: 'is not a knowledge-base entry id' }),
);
// Its pattern has no control characters, so it stands in for `id`'s (one pattern in the JSON Schema).
const proposalId = boundedString(LIMITS.maxIdChars, 1).check(
  z.regex(KB_PROPOSAL_ID_PATTERN, { error: 'is not a knowledge proposal id (lq_…)' }),
);
const question = boundedString(500, 1);

/** Supervisors: the knowledge proposals waiting, answered by `kb.proposals`. */
export const AgentKbProposals = z.object({ v: version, type: z.literal('kb.proposals'), id: requestId });

/**
 * Supervisors: approve (optionally edited: `kind`, `entryId`, `questions`, `answer`) or reject a
 * proposal; answered by `ok` once the knowledge base answers with it.
 */
export const AgentKbDecide = z.object({
  v: version,
  type: z.literal('kb.decide'),
  id: requestId,
  proposalId,
  verdict: z.enum(['approve', 'reject']),
  kind: z.optional(z.enum(['alternate', 'entry'])),
  entryId: z.optional(decidedEntryId),
  questions: z.optional(z.array(storedText(500, 1)).check(z.minLength(1), z.maxLength(100))),
  answer: z.optional(storedText(LIMITS.maxTextChars, 1)),
});

/** Supervisors: the knowledge-base doctor's findings, answered by `kb.check`. */
export const AgentKbCheck = z.object({ v: version, type: z.literal('kb.check'), id: requestId });

/** One group of questions the bot missed and agents answered, proposed for the knowledge base. */
export const KbProposal = z.object({
  id,
  kind: z.enum(['alternate', 'entry']),
  target: z.optional(
    z.object({
      entryId,
      question: boundedString(500),
      by: z.enum(['answer', 'ranking']),
      score: z.number(),
      /** The entry's answer: what the bot gives once the questions are its alternates. Optional (older hubs). */
      answer: z.optional(boundedString(LIMITS.maxTextChars)),
    }),
  ),
  language: z.enum(['zh', 'en']),
  count: z.int(),
  conversations: z.int(),
  /** The most asked wordings (at most 10; `count` is the group's total). */
  questions: z.array(z.object({ text: question, count: z.int() })).check(z.maxLength(10)),
  answer: boundedString(LIMITS.maxTextChars),
  misses: z.object({ refused: z.int(), suggested: z.int(), not_helpful: z.int() }),
  firstAt: timestamp,
  lastAt: timestamp,
});
export type KbProposal = z.infer<typeof KbProposal>;

export const KbProposalsFrame = z.object({
  v: version,
  type: z.literal('kb.proposals'),
  re: requestId,
  /** Most asked first; as many as fit in a frame. */
  items: z.array(KbProposal),
  /** How many are waiting in all. */
  total: z.int(),
});
export type KbProposalsFrame = z.infer<typeof KbProposalsFrame>;

/** One finding of the knowledge-base doctor (`checkKnowledgeBase` in the SDK). */
export const KbFinding = z.object({
  kind: boundedString(40, 1),
  severity: z.enum(['error', 'warning', 'info']),
  entryId: entryId,
  message: boundedString(1000),
  otherId: z.optional(entryId),
  reachedId: z.optional(entryId),
  phrasing: z.optional(boundedString(500)),
  otherPhrasing: z.optional(boundedString(500)),
});
export type KbFinding = z.infer<typeof KbFinding>;

export const KbCheckFrame = z.object({
  v: version,
  type: z.literal('kb.check'),
  re: requestId,
  entries: z.int(),
  entriesWithFindings: z.int(),
  /** Errors first; as many as fit in a frame. */
  findings: z.array(KbFinding),
  /** How many findings there are in all. */
  total: z.int(),
});
export type KbCheckFrame = z.infer<typeof KbCheckFrame>;

// Editing entries from the console, as the HTTP API's /kb/entries does: the doctor's advice ("add
// phrasings to X", "make these two differ") is followed where it is read.

/** What the knowledge base allows in an entry's texts (the SDK's `KB_LIMITS`; its parser checks the entry again). */
const entryText = (max: number) => storedText(max, 1);

/** A knowledge-base entry as a supervisor edits it: every field, so a save keeps what the console does not show. */
export const KbEntry = z.object({
  id: decidedEntryId,
  question: entryText(500),
  /** Other ways shoppers ask it. */
  alternatives: z.array(entryText(500)).check(z.maxLength(100)),
  answer: entryText(LIMITS.maxTextChars),
  tags: z.optional(z.array(entryText(100)).check(z.maxLength(100))),
  scope: z.optional(
    z.object({
      productIds: z.optional(z.array(storedText(200)).check(z.maxLength(500))),
      categories: z.optional(z.array(storedText(200)).check(z.maxLength(500))),
    }),
  ),
  quickReplies: z.optional(
    z
      .array(
        z.object({
          label: entryText(LIMITS.maxQuickReplyLabelChars),
          payload: entryText(LIMITS.maxPayloadChars),
        }),
      )
      .check(z.maxLength(LIMITS.maxQuickReplies)),
  ),
  /** The entry's language as the knowledge base holds it (`zh-CN`, `en`); absent: the base's own. */
  locale: z.optional(storedText(35, 1)),
});
export type KbEntry = z.infer<typeof KbEntry>;

/**
 * What an entry was when the console read it (opaque, from `kb.entry`): a save or delete that
 * carries it is refused with `conflict` when someone changed the entry since.
 */
const fingerprint = boundedString(64, 1);

/** Supervisors: the entries (those whose id or texts contain `query`, when given), answered by `kb.entries`. */
export const AgentKbEntries = z.object({
  v: version,
  type: z.literal('kb.entries'),
  id: requestId,
  query: z.optional(storedText(200)),
});

/** Supervisors: one entry to edit, answered by `kb.entry` (`not_found` when there is none). */
export const AgentKbEntry = z.object({
  v: version,
  type: z.literal('kb.entry'),
  id: requestId,
  entryId: decidedEntryId,
});

/**
 * Supervisors: save an entry, answered by `kb.entry` with what was saved; the bot answers with it at
 * once. With `fingerprint` (from `kb.entry`) it replaces that entry: `not_found` once deleted,
 * `conflict` once changed by someone else. Without, it creates one: `conflict` if the id is taken.
 */
export const AgentKbSave = z.object({
  v: version,
  type: z.literal('kb.save'),
  id: requestId,
  entry: KbEntry,
  fingerprint: z.optional(fingerprint),
});

/** Supervisors: delete an entry (`not_found` if gone; with `fingerprint`, `conflict` if changed since); answered by `ok`. */
export const AgentKbDelete = z.object({
  v: version,
  type: z.literal('kb.delete'),
  id: requestId,
  entryId: decidedEntryId,
  fingerprint: z.optional(fingerprint),
});

/** One line of the entry list. */
export const KbEntrySummary = z.object({
  id: entryId,
  question: boundedString(500),
  /** How many alternates it has. */
  alternatives: z.int(),
  locale: z.optional(boundedString(35)),
});
export type KbEntrySummary = z.infer<typeof KbEntrySummary>;

export const KbEntriesFrame = z.object({
  v: version,
  type: z.literal('kb.entries'),
  re: requestId,
  /** In the knowledge base's order; as many as fit in a frame. */
  items: z.array(KbEntrySummary),
  /** How many match in all. */
  total: z.int(),
});
export type KbEntriesFrame = z.infer<typeof KbEntriesFrame>;

export const KbEntryFrame = z.object({
  v: version,
  type: z.literal('kb.entry'),
  re: requestId,
  entry: KbEntry,
  fingerprint,
});
export type KbEntryFrame = z.infer<typeof KbEntryFrame>;
