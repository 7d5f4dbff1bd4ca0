import type { Clock } from '../clock.ts';
import { KeyedTimers } from './keyed-timers.ts';

export interface FollowUp {
  conversationId: string;
  dueAt: number;
  /** Why we are waiting (e.g. "refund overdue", "parcel stuck at the depot"). */
  note?: string;
  /** Who set it, so the alert can go to them. */
  agentId?: string;
}

/**
 * Follow-ups on conversations set to `pending`: one per conversation, replaced when set again,
 * and an alert (`onDue`) when it falls due unless cancelled first (the shopper wrote, the agent
 * closed it).
 * @example
 * const followUps = new FollowUps({ clock, onDue: (f) => hubEvents.emit('follow_up', f) });
 * followUps.schedule({ conversationId: 'c1', dueAt: clock.now() + 86_400_000, note: 'refund overdue' });
 */
export class FollowUps {
  private readonly timers: KeyedTimers;
  private readonly onDue: (followUp: FollowUp) => void;
  private readonly scheduled = new Map<string, FollowUp>();

  constructor(options: { clock: Clock; onDue: (followUp: FollowUp) => void }) {
    this.timers = new KeyedTimers(options.clock);
    this.onDue = options.onDue;
  }

  schedule(followUp: FollowUp): void {
    const copy = { ...followUp };
    this.scheduled.set(copy.conversationId, copy);
    this.timers.set(copy.conversationId, copy.dueAt, () => {
      this.scheduled.delete(copy.conversationId);
      this.onDue(copy);
    });
  }

  cancel(conversationId: string): boolean {
    this.scheduled.delete(conversationId);
    return this.timers.clear(conversationId);
  }

  get(conversationId: string): FollowUp | undefined {
    const f = this.scheduled.get(conversationId);
    return f && { ...f };
  }

  /** Every follow-up still waiting, soonest first (for a supervisor's list). */
  list(): FollowUp[] {
    return [...this.scheduled.values()].map((f) => ({ ...f })).sort((a, b) => a.dueAt - b.dueAt);
  }

  dispose(): void {
    this.timers.clearAll();
    this.scheduled.clear();
  }
}
