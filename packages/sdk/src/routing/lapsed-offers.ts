import { BoundedMap, CONVERSATION_CACHE_SIZE } from '../bounded-map.ts';
import type { Clock } from '../clock.ts';
import type { QueueEntry } from '../seams/agents.ts';
import type { DispatchHooks } from './dispatcher-contract.ts';

/**
 * The agents who let a waiting conversation go back to the queue in this wait — they did not open
 * the offer in time, or went away holding it — so that it is offered to them again while the
 * shopper still waits only when nobody else can take it (see assignNext). The list travels in the
 * queue entry (`passedOver`), so every node learns it from the queue events and whichever node
 * requeues the conversation next adds to it;
 * a wait that starts anew (a later `queuedAt`) starts with nobody passed over.
 * @example
 * const lapses = new LapsedOffers({ clock, hooks, away: (id) => roster.setStatus(id, 'away') });
 * lapses.seen(entry); // every enqueue event
 * lapses.of('c_1', c.queuedAt); // ['mei'] once Mei let it lapse
 */
export class LapsedOffers {
  private readonly waits = new BoundedMap<string, { since: number; agents: readonly string[] }>(
    CONVERSATION_CACHE_SIZE,
  );

  constructor(
    private readonly deps: {
      clock: Clock;
      hooks: Pick<DispatchHooks, 'alert' | 'requeue'>;
      /** Takes the agent out of routing until they say they are back (on every node). */
      away: (agentId: string) => void;
    },
  ) {}

  /** A conversation entered the queue (on any node): remember whom this wait passed over. */
  seen(entry: QueueEntry): void {
    this.waits.set(entry.conversationId, { since: entry.enqueuedAt, agents: entry.passedOver ?? [] });
  }

  /** Who let it lapse in the wait that began at `since`. */
  of(conversationId: string, since: number | undefined): readonly string[] {
    const wait = this.waits.get(conversationId);
    return wait && wait.since === since ? wait.agents : [];
  }

  /**
   * A person opened it: a later requeue (they went away after talking to the shopper) is news to
   * the shopper again. Forgotten on this node, the one the agent is connected to, which is where
   * their grace period runs out.
   */
  forget(conversationId: string): void {
    this.waits.delete(conversationId);
  }

  /** The agent did not open an offer in time: not at the desk, so away, and the conversation goes back to the queue. */
  async missed(conversationId: string, agentId: string): Promise<void> {
    const { hooks, clock } = this.deps;
    this.deps.away(agentId);
    hooks.alert(
      {
        kind: 'requeued',
        conversationId,
        message: 'you did not open this conversation in time; it went back to the queue',
        at: clock.now(),
      },
      { agentId },
    );
    await hooks.requeue(conversationId, agentId, 'the agent did not open it in time');
  }
}
