import type { ConversationState } from '@kefu/protocol';
import type { TimerRecord } from '../store/store.ts';
import type { DurableTimers } from './durable-timers.ts';

export interface FollowUp {
  conversationId: string;
  dueAt: number;
  /** Who set it, so the alert can go to them. */
  agentId?: string;
}

/**
 * A pending conversation whose follow-up is still ahead owes nobody anything: it stays with its
 * agent while they are offline, and goes to the queue only once the shopper writes or it falls due.
 */
export function awaitsFollowUp(state: ConversationState, now: number): boolean {
  return state.status === 'pending' && state.followUpAt !== undefined && state.followUpAt > now;
}

/** The timer kind follow-ups are stored under. */
export const FOLLOW_UP_TIMER_KIND = 'follow_up';
const keyOf = (conversationId: string) => `follow_up:${conversationId}`;

/**
 * Follow-ups on conversations set to `pending`: one per conversation, replaced when set again,
 * and an alert (`onDue`) when it falls due unless cancelled first (the shopper wrote, the agent
 * closed it). Kept in the store's timers: they survive a restart and fall due on one node only.
 * Why it waits is the conversation's own `state.reason`, so erasing the conversation erases it.
 * @example
 * const followUps = new FollowUps({ timers, onDue: (f) => hubEvents.emit('followUp', f) });
 * await followUps.schedule({ conversationId: 'c1', dueAt: clock.now() + 86_400_000, agentId: 'a1' });
 */
export class FollowUps {
  private readonly timers: DurableTimers;
  private readonly onDue: (followUp: FollowUp) => void | Promise<void>;

  constructor(options: { timers: DurableTimers; onDue: (followUp: FollowUp) => void | Promise<void> }) {
    this.timers = options.timers;
    this.onDue = options.onDue;
    this.timers.handle(FOLLOW_UP_TIMER_KIND, (timer) => this.fire(timer));
  }

  async schedule(followUp: FollowUp): Promise<void> {
    await this.timers.put({
      key: keyOf(followUp.conversationId),
      kind: FOLLOW_UP_TIMER_KIND,
      dueAt: followUp.dueAt,
      data: { ...followUp },
    });
  }

  /** True when there was one to cancel. */
  async cancel(conversationId: string): Promise<boolean> {
    return (await this.timers.delete(keyOf(conversationId))) !== null;
  }

  async get(conversationId: string): Promise<FollowUp | undefined> {
    const timer = await this.timers.store.getTimer(keyOf(conversationId));
    return timer ? followUpOf(timer) : undefined;
  }

  /** Every follow-up still waiting, soonest first (for a supervisor's list). */
  async list(): Promise<FollowUp[]> {
    return (await this.timers.store.listTimers({ kind: FOLLOW_UP_TIMER_KIND })).map(followUpOf);
  }

  private async fire(timer: TimerRecord): Promise<void> {
    // Deleting first, by version, is what makes the alert go out once across the cluster.
    if (await this.timers.finish(timer, null)) await this.onDue(followUpOf(timer));
  }
}

function followUpOf(timer: TimerRecord): FollowUp {
  return timer.data as unknown as FollowUp;
}
