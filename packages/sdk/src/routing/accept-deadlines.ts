import type { Clock } from '../clock.ts';
import type { DurableTimers } from './durable-timers.ts';

/**
 * How long an agent the dispatcher picked has to open the conversation: one durable timer per
 * conversation (it outlasts this node; whichever node claims it when due runs `onMissed`). Set
 * when the dispatcher assigns, cleared when the agent opens or answers it, gives it up, or it ends.
 * @example
 * const deadlines = new AcceptDeadlines(durable, clock, 30_000, missed, fault);
 * deadlines.start('c_1', 'agent_mei'); // …then, when Mei opens it:
 * await deadlines.clear('c_1');
 */
export class AcceptDeadlines {
  constructor(
    private readonly durable: DurableTimers,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    onMissed: (conversationId: string, agentId: string) => Promise<void>,
    private readonly fault: (what: string, error: unknown) => void,
  ) {
    durable.handle(KIND, async (timer) => {
      const { agentId } = timer.data as { agentId: string };
      if (await durable.finish(timer, null)) await onMissed(timer.key.slice(PREFIX.length), agentId);
    });
  }

  /** The agent's time to open the conversation starts; a store failure is reported, not thrown. */
  start(conversationId: string, agentId: string): void {
    void this.durable
      .put({
        key: PREFIX + conversationId,
        kind: KIND,
        dueAt: this.clock.now() + this.timeoutMs,
        data: { agentId },
      })
      .catch((e) => this.fault('accept timer', e));
  }

  /** The deadline no longer applies (a store failure rejects: the caller decides what it means). */
  async clear(conversationId: string): Promise<void> {
    await this.durable.delete(PREFIX + conversationId);
  }
}

const KIND = 'accept';
const PREFIX = `${KIND}:`;
