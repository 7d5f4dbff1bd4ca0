import { onlyInvisible } from '../text/invisible-characters.ts';
import { normalizeText } from '../text/normalize.ts';
import { entryScript } from './entry-script.ts';
import { createFaqEngine, explainMatchBesides, type FaqOptions } from './faq-engine.ts';
import type { FaqContext } from './faq-match.ts';
import { findLocaleMismatches, type LocaleMismatchFinding } from './find-locale-mismatches.ts';
import type { KnowledgeBase, KnowledgeBaseEntry } from './knowledge-base.ts';
import { type MarkupFinding, markupFindings } from './markup-findings.ts';

/**
 * One finding of {@link checkKnowledgeBase}. `error`: the entry cannot work as written; `warning`:
 * shoppers will get the wrong entry or a "did you mean" where an answer was meant; `info`: an
 * alternate phrasing would likely help.
 */
export type KnowledgeBaseFinding =
  | {
      kind: 'empty';
      severity: 'error';
      entryId: string;
      /** The field with nothing the engine can match on (blank, or only punctuation and emoji). */
      field: 'id' | 'question' | 'answer';
      message: string;
    }
  | {
      kind: 'duplicate_id';
      severity: 'error';
      entryId: string;
      /** Positions in `kb.entries` sharing the id. */
      indexes: number[];
      message: string;
    }
  | {
      kind: 'duplicate_phrasing';
      severity: 'warning';
      entryId: string;
      otherId: string;
      /** The phrasing both entries carry (after normalisation: case, width, Traditional/Simplified). */
      phrasing: string;
      message: string;
    }
  | {
      kind: 'duplicate_answer';
      severity: 'warning';
      entryId: string;
      otherId: string;
      message: string;
    }
  | MarkupFinding
  | LocaleMismatchFinding
  | {
      kind: 'unreachable';
      severity: 'warning';
      entryId: string;
      /** The entry's own phrasing that ranks another entry first. */
      phrasing: string;
      /** The entry it reaches instead. */
      reachedId: string;
      message: string;
    }
  | {
      kind: 'confusable';
      severity: 'warning';
      entryId: string;
      otherId: string;
      /**
       * The entry's own phrasing on which the two are nearly tied, or which the other entry would
       * be answered for if this one did not match it first …
       */
      phrasing: string;
      /** … and the other entry's phrasing closest to it. */
      otherPhrasing: string;
      message: string;
    }
  | {
      kind: 'needs_alternate';
      severity: 'info';
      entryId: string;
      /** The entry's own phrasing the engine would not answer outright. */
      phrasing: string;
      message: string;
    };

export interface KnowledgeBaseReport {
  findings: KnowledgeBaseFinding[];
  /** Entries checked and how many have at least one finding. */
  entries: number;
  entriesWithFindings: number;
}

/**
 * Runs the engine (at its defaults, or `options`) over the knowledge base's own phrasings and lists
 * what a merchant should fix: entries that cannot work (empty, duplicate ids), entries the engine
 * confuses with each other (a shared phrasing, an own phrasing that reaches another entry, a near tie
 * with the phrasings that collide), identical answers, HTML pasted into answers, and entries whose own question only gets a
 * "did you mean", where an alternate phrasing would help. Never throws on a malformed entry: it
 * reports it, so it can check a knowledge base the parser would reject.
 *
 * `progress` hears after each entry matched (10,000 entries take tens of seconds): how many of how many.
 *
 * @example
 * const { findings } = checkKnowledgeBase(kb);
 * for (const f of findings) console.log(`${f.severity} ${f.entryId}: ${f.message}`);
 */
export function checkKnowledgeBase(
  kb: KnowledgeBase,
  options: FaqOptions = {},
  progress?: (checked: number, of: number) => void,
): KnowledgeBaseReport {
  const steps = checkSteps(kb, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    progress?.(step.value.checked, step.value.of);
  }
}

/**
 * {@link checkKnowledgeBase} in slices of about 10 ms of work, with the event loop free between
 * them: the doctor matches every phrasing against the whole knowledge base (with and without its
 * own entry, in one pass), which for 10,000 entries is ten seconds or more of CPU, and a hub must go
 * on answering meanwhile.
 * @example
 * const report = await checkKnowledgeBaseAsync(kb); // in a server, instead of checkKnowledgeBase
 */
export async function checkKnowledgeBaseAsync(
  kb: KnowledgeBase,
  options: FaqOptions = {},
): Promise<KnowledgeBaseReport> {
  const steps = checkSteps(kb, options);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** Work between two turns of the event loop in {@link checkKnowledgeBaseAsync}. */
const SLICE_MS = 10;

/** How far the doctor's matching is: entries matched, of how many. */
interface CheckProgress {
  checked: number;
  of: number;
}

/** The doctor's work, yielding after each entry it matched (see checkKnowledgeBaseAsync). */
function* checkSteps(kb: KnowledgeBase, options: FaqOptions): Generator<CheckProgress, KnowledgeBaseReport> {
  const findings: KnowledgeBaseFinding[] = [];
  const usable: KnowledgeBaseEntry[] = [];

  const positions = new Map<string, number[]>();
  // What is not a list of entries is the parser's to report; the doctor checks entries.
  const entries: readonly KnowledgeBaseEntry[] = Array.isArray(kb?.entries) ? kb.entries : [];
  entries.forEach((raw, i) => {
    // A knowledge base the parser would reject may hold null or a string where an entry goes.
    const entry: Partial<KnowledgeBaseEntry> = typeof raw === 'object' && raw !== null ? raw : {};
    const id = typeof entry.id === 'string' ? entry.id : '';
    positions.set(id, [...(positions.get(id) ?? []), i]);
    const blank = (text: unknown) => typeof text !== 'string' || normalizeText(text) === '';
    const empty = (['id', 'question', 'answer'] as const).filter((f) =>
      f === 'id' ? id.trim() === '' : blank(entry[f]),
    );
    for (const field of empty) {
      const invisible = field === 'id' ? undefined : onlyInvisible(entry[field]);
      findings.push({
        kind: 'empty',
        severity: 'error',
        entryId: id || `#${i}`,
        field,
        // "Nothing to match on" of an answer that looks blank in every editor sent the merchant
        // looking for punctuation; say what is there, and where.
        message: invisible
          ? `entries[${i}]${id ? ` (id "${id}")` : ''}.${field} has no visible text: only invisible or bidi control characters (${invisible}); write the ${field} or delete the entry`
          : `entries[${i}].${field} has nothing to match on (blank, or only punctuation and emoji)`,
      });
    }
    if (!empty.length) usable.push({ ...raw, alternatives: phrasingsOf(raw).slice(1) });
  });
  for (const [id, at] of positions) {
    if (id && at.length > 1) {
      findings.push({
        kind: 'duplicate_id',
        severity: 'error',
        entryId: id,
        indexes: at,
        message: `id "${id}" is used by entries ${at.map((i) => `[${i}]`).join(', ')}; a faq:${id} button can reach only one`,
      });
    }
  }
  // Later checks index the entries by id: keep the first of each id.
  const seen = new Set<string>();
  const unique = usable.filter((e) => !seen.has(e.id) && seen.add(e.id));

  findDuplicates(unique, findings, kb?.locale);
  findings.push(...findLocaleMismatches(unique, kb?.locale));
  if (unique.length > 0) yield* findConfusions(unique, options, findings);

  const flagged = new Set(findings.map((f) => f.entryId));
  return { findings, entries: entries.length, entriesWithFindings: flagged.size };
}

/** The entry's question and alternates that have something to match on. */
function phrasingsOf(entry: KnowledgeBaseEntry): string[] {
  const all = [entry.question, ...(Array.isArray(entry.alternatives) ? entry.alternatives : [])];
  return all.filter((p): p is string => typeof p === 'string' && normalizeText(p) !== '');
}

function findDuplicates(
  entries: readonly KnowledgeBaseEntry[],
  findings: KnowledgeBaseFinding[],
  kbLocale: string | undefined,
): void {
  const byPhrasing = new Map<string, string>();
  const byAnswer = new Map<string, string>();
  for (const entry of entries) {
    const reported = new Set<string>();
    // The same entry in the other script (運費多少 beside 运费多少) is a translation, not a
    // duplicate: the engine ranks only the shopper's.
    const script = entryScript(entry, kbLocale) ?? '';
    for (const phrasing of phrasingsOf(entry)) {
      const key = normalizeText(phrasing);
      const owner = byPhrasing.get(`${script}\u0000${key}`);
      if (owner === undefined) byPhrasing.set(`${script}\u0000${key}`, entry.id);
      else if (owner !== entry.id && !reported.has(owner)) {
        reported.add(owner);
        findings.push({
          kind: 'duplicate_phrasing',
          severity: 'warning',
          entryId: entry.id,
          otherId: owner,
          phrasing: key,
          message: `"${phrasing}" is also a phrasing of "${owner}": the engine cannot tell which one is meant`,
        });
      }
    }
    findings.push(...markupFindings(entry));
    const answer = `${script}\u0000${normalizeText(entry.answer)}`;
    const same = byAnswer.get(answer);
    if (same === undefined) byAnswer.set(answer, entry.id);
    else {
      findings.push({
        kind: 'duplicate_answer',
        severity: 'warning',
        entryId: entry.id,
        otherId: same,
        message: `has the same answer as "${same}": merge the two, with the questions as alternates`,
      });
    }
  }
}

/** Below this share of the top score, a runner-up is far enough behind not to be confused with it. */
const NEAR_TIE = 0.8;
/**
 * From this share of the top score, a runner-up is close enough that an entry with only its question
 * should get alternates: a shopper's own wording moves scores by more than the gap.
 */
const CROWDED = 0.6;

function* findConfusions(
  entries: readonly KnowledgeBaseEntry[],
  options: FaqOptions,
  findings: KnowledgeBaseFinding[],
): Generator<CheckProgress, void> {
  const engine = createFaqEngine({ version: 1, entries: [...entries] }, { ...options, k: 2 });
  const byId = new Map(entries.map((e) => [e.id, e]));
  const pairOf = (a: string, b: string) => [a, b].sort().join('\u0000');
  // A pair already reported as sharing a phrasing is one problem: the near tie and the "add
  // alternates" that the shared phrasing causes would say it three more times.
  const duplicated = new Set<string>();
  for (const f of findings) {
    if (f.kind !== 'duplicate_phrasing') continue;
    duplicated.add(`${f.entryId}\u0000${f.phrasing}`);
    duplicated.add(`${f.otherId}\u0000${f.phrasing}`);
  }
  const duplicatePairs = new Set(
    findings.flatMap((f) => (f.kind === 'duplicate_phrasing' ? [pairOf(f.entryId, f.otherId)] : [])),
  );
  const confused = new Set(duplicatePairs);
  /** One finding per pair of entries, whichever of the two phrasings shows it first. */
  const confuse = (entryId: string, otherId: string, phrasing: string, message: string) => {
    const pairKey = pairOf(entryId, otherId);
    if (confused.has(pairKey)) return;
    confused.add(pairKey);
    findings.push({
      kind: 'confusable',
      severity: 'warning',
      entryId,
      otherId,
      phrasing,
      otherPhrasing: closestPhrasing(phrasing, phrasingsOf(byId.get(otherId)!)),
      message,
    });
  };
  for (const [checked, entry] of entries.entries()) {
    yield { checked, of: entries.length };
    // A scoped entry is asked on its own product's or category's page.
    const ctx: FaqContext = {};
    const product = entry.scope?.productIds?.[0];
    const category = entry.scope?.categories?.[0];
    if (product) ctx.productId = product;
    else if (category) ctx.category = category;
    // And by a shopper of its script: an entry written in both is ranked in the shopper's only.
    const script = entryScript(entry);
    if (script) ctx.locale = `zh-${script}`;
    let weak: string | undefined;
    let crowdedBy: string | undefined;
    /** Own phrasings another entry would answer outright, reported after any near tie of the pair. */
    const answeredElsewhere: Array<[phrasing: string, otherId: string]> = [];
    const phrasings = phrasingsOf(entry);
    for (const phrasing of phrasings) {
      // The match, and what it would be without this entry (for the check below), in one pass.
      const both = explainMatchBesides(engine, phrasing, entry.id, ctx);
      const { top, decision } = both.match.match;
      const [first, second] = top;
      if (!first) continue;
      if (first.entry.id !== entry.id) {
        findings.push({
          kind: 'unreachable',
          severity: 'warning',
          entryId: entry.id,
          phrasing,
          reachedId: first.entry.id,
          message: `its own phrasing "${phrasing}" ranks "${first.entry.id}" first`,
        });
        continue;
      }
      if (second && second.score >= NEAR_TIE * first.score) {
        confuse(
          entry.id,
          second.entry.id,
          phrasing,
          `"${phrasing}" scores almost as high for "${second.entry.id}": make the two questions differ in what they ask`,
        );
      } else {
        // An own phrasing always ranks its entry first, so a near tie misses two entries that ask the
        // same thing in other words (优惠券怎么用 / 优惠券可以和满减一起用吗): asked without this entry,
        // would the engine answer outright with another? Then a shopper's own wording of this
        // question may get that answer.
        const instead = both.without.match;
        const reached = instead.top[0]?.entry.id;
        if (instead.decision === 'answer' && reached !== undefined)
          answeredElsewhere.push([phrasing, reached]);
      }
      if (duplicated.has(`${entry.id}\u0000${normalizeText(phrasing)}`)) continue;
      if (decision !== 'answer') weak ??= phrasing;
      if (
        second &&
        second.score >= CROWDED * first.score &&
        !duplicatePairs.has(pairOf(entry.id, second.entry.id))
      )
        crowdedBy ??= second.entry.id;
    }
    for (const [phrasing, otherId] of answeredElsewhere) {
      confuse(
        entry.id,
        otherId,
        phrasing,
        `without this entry, "${phrasing}" would be answered with "${otherId}": a shopper who words it a little differently may get that answer; make the two questions differ in what they ask, or merge them`,
      );
    }
    if (weak !== undefined) {
      findings.push({
        kind: 'needs_alternate',
        severity: 'info',
        entryId: entry.id,
        phrasing: weak,
        message: `the engine is not sure enough to answer "${weak}" outright; add alternates the way shoppers ask it`,
      });
    } else if (phrasings.length === 1 && crowdedBy !== undefined) {
      findings.push({
        kind: 'needs_alternate',
        severity: 'info',
        entryId: entry.id,
        phrasing: phrasings[0]!,
        message: `only one phrasing, and "${crowdedBy}" is close to it: a shopper's own words may land there; add alternates`,
      });
    }
  }
}

/** The phrasing sharing the most characters and words with `phrasing` (Dice over normalised tokens). */
function closestPhrasing(phrasing: string, candidates: readonly string[]): string {
  const tokens = (text: string) => {
    const n = normalizeText(text);
    // Chinese runs as characters, Latin as words: a rough overlap is all a merchant needs to see.
    return new Set(n.match(/\p{Script=Han}|[^\s\p{Script=Han}]+/gu) ?? []);
  };
  const mine = tokens(phrasing);
  let best = candidates[0] ?? '';
  let bestScore = -1;
  for (const candidate of candidates) {
    const theirs = tokens(candidate);
    let shared = 0;
    for (const t of theirs) if (mine.has(t)) shared++;
    const score = (2 * shared) / (mine.size + theirs.size || 1);
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}
