import type { MetricsRow } from '@kefu/protocol';
import type { Dims, ProactiveFact } from './proactive-facts.ts';

/** One thing that happened, for one row of a report (see `computeReport` for what each means). */
export type Fact =
  | {
      metric:
        | 'conversation'
        | 'fcrResolved'
        | 'fcrClosed'
        | 'contained'
        | 'shopperConversation'
        | 'transfer'
        | 'heldConversation'
        | 'passedOnConversation';
      dims: Dims;
    }
  | { metric: 'firstResponse' | 'handling' | 'queueWait'; dims: Dims; ms: number }
  | { metric: 'csat'; dims: Dims; rating: number }
  | { metric: 'sla'; dims: Dims; breached: boolean }
  | { metric: 'qa'; dims: Dims; violations: number }
  | { metric: 'botAnswer' | 'botFailure'; dims: Dims }
  | { metric: 'feedback'; dims: Dims; helpful: boolean }
  | ProactiveFact;

/** The facts that are only counted. */
type Counted = Exclude<
  Fact['metric'],
  | 'firstResponse'
  | 'handling'
  | 'queueWait'
  | 'csat'
  | 'sla'
  | 'qa'
  | 'feedback'
  | 'notification'
  | 'notifiedConversation'
  | 'exception'
  | 'action'
  | 'afterSales'
  | 'photoConversation'
>;
type Timed = 'firstResponse' | 'handling' | 'queueWait';

/**
 * A report row's figures, summed one fact at a time: counts and sums, and the durations (numbers
 * only) that a p90 needs. So a report holds neither the events nor the facts of its window.
 * @example
 * const row = new RowAccumulator();
 * for (const fact of facts) row.add(fact);
 * row.result('mei');
 */
export class RowAccumulator {
  private readonly counts = new Map<Counted, number>();
  private readonly durations: Record<Timed, number[]> = { firstResponse: [], handling: [], queueWait: [] };
  private readonly ratings: number[] = [];
  private sla = { met: 0, breached: 0 };
  private qa = { checked: 0, violations: 0, violating: 0 };
  private feedback = { helpful: 0, notHelpful: 0 };
  private readonly notifications: Record<string, number> = {};
  private notified = { conversations: 0, contacted: 0 };
  private readonly exceptionsResolvedMs: number[] = [];
  private exceptions = 0;
  private readonly actions = { started: 0, completed: 0, failed: 0, ineligible: 0 };
  private afterSales = { total: 0, withoutPerson: 0 };
  private photos = 0;
  private readonly photosResolvedMs: number[] = [];

  add(fact: Fact): void {
    switch (fact.metric) {
      case 'firstResponse':
      case 'handling':
      case 'queueWait':
        this.durations[fact.metric].push(fact.ms);
        return;
      case 'csat':
        this.ratings.push(fact.rating);
        return;
      case 'sla':
        if (fact.breached) this.sla.breached++;
        else this.sla.met++;
        return;
      case 'qa':
        this.qa.checked++;
        this.qa.violations += fact.violations;
        if (fact.violations > 0) this.qa.violating++;
        return;
      case 'feedback':
        if (fact.helpful) this.feedback.helpful++;
        else this.feedback.notHelpful++;
        return;
      case 'notification':
        this.notifications[fact.kind] = (this.notifications[fact.kind] ?? 0) + 1;
        return;
      case 'notifiedConversation':
        this.notified.conversations++;
        if (fact.contacted) this.notified.contacted++;
        return;
      case 'exception':
        this.exceptions++;
        if (fact.resolvedMs !== undefined) this.exceptionsResolvedMs.push(fact.resolvedMs);
        return;
      case 'action':
        if (fact.outcome in this.actions) this.actions[fact.outcome as keyof typeof this.actions]++;
        return;
      case 'afterSales':
        this.afterSales.total++;
        if (fact.withoutPerson) this.afterSales.withoutPerson++;
        return;
      case 'photoConversation':
        this.photos++;
        if (fact.resolvedMs !== undefined) this.photosResolvedMs.push(fact.resolvedMs);
        return;
      default:
        this.counts.set(fact.metric, (this.counts.get(fact.metric) ?? 0) + 1);
    }
  }

  result(key: string): MetricsRow {
    const count = (metric: Counted) => this.counts.get(metric) ?? 0;
    const closed = count('fcrClosed');
    const resolved = count('fcrResolved');
    const shopper = count('shopperConversation');
    const contained = count('contained');
    const transfers = count('transfer');
    const conversations = count('conversation');
    const ratings = this.ratings;
    const { met, breached } = this.sla;
    const slas = met + breached;
    return {
      key,
      conversations,
      firstResponse: stat(this.durations.firstResponse),
      handling: stat(this.durations.handling),
      queueWait: stat(this.durations.queueWait),
      fcr: { resolved, closed, ...rate(resolved, closed) },
      csat: {
        count: ratings.length,
        ...(ratings.length ? { mean: ratings.reduce((a, b) => a + b, 0) / ratings.length } : {}),
        ...(ratings.length ? { satisfiedRate: ratings.filter((r) => r >= 4).length / ratings.length } : {}),
      },
      containment: { botOnly: contained, total: shopper, ...rate(contained, shopper) },
      sla: { met, breached, ...(slas ? { breachRate: breached / slas } : {}) },
      transfers: { count: transfers, ...rate(count('passedOnConversation'), count('heldConversation')) },
      qa: {
        checked: this.qa.checked,
        violations: this.qa.violations,
        ...(this.qa.checked ? { score: 100 * (1 - this.qa.violating / this.qa.checked) } : {}),
      },
      bot: { answers: count('botAnswer'), ...this.feedback, failures: count('botFailure') },
      proactive: {
        notifications: { ...this.notifications },
        notified: { ...this.notified, ...rate(this.notified.contacted, this.notified.conversations) },
        unnotifiedContacts: count('unnotifiedContact'),
        exceptions: {
          detected: this.exceptions,
          resolved: this.exceptionsResolvedMs.length,
          resolution: stat(this.exceptionsResolvedMs),
        },
        actions: { ...this.actions },
        afterSales: {
          ...this.afterSales,
          ...rate(this.afterSales.withoutPerson, this.afterSales.total),
        },
      },
      photos: {
        conversations: this.photos,
        ...rate(this.photos, conversations),
        resolution: stat(this.photosResolvedMs),
      },
    };
  }
}

function rate(part: number, whole: number): { rate?: number } {
  return whole > 0 ? { rate: part / whole } : {};
}

function stat(values: number[]): { count: number; meanMs?: number; p90Ms?: number } {
  if (values.length === 0) return { count: 0 };
  const sorted = Float64Array.from(values).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]!;
  return { count: sorted.length, meanMs: mean, p90Ms: p90 };
}
