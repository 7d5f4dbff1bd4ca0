import type { Clock } from '../clock.ts';
import type { Store } from '../store/store.ts';
import type { AssignStrategy } from './agent-directory.ts';
import type { AgentRoster } from './agent-roster.ts';
import type { DispatchHooks } from './dispatcher-contract.ts';
import { KeyedTimers } from './keyed-timers.ts';
import { assignNext, type RoutingQueue } from './queue.ts';
import { QueueCheck } from './queue-check.ts';

/**
 * The passes that offer waiting conversations to online agents with room (with `auto`
 * assignment): one at a time on one chain, when asked, every few seconds (requirements relax
 * with the wait), and after each comparison of this node's queue with the store's.
 */
export class DispatchLoop {
  private dispatching: Promise<void> = Promise.resolve();
  private readonly timers: KeyedTimers;
  private readonly queueCheck: QueueCheck;
  private disposed = false;

  constructor(
    private readonly deps: {
      auto: boolean;
      clock: Clock;
      store: Store;
      queue: RoutingQueue;
      roster: Pick<AgentRoster, 'directory' | 'profile'>;
      hooks: Pick<DispatchHooks, 'assign' | 'refreshQueue' | 'fault'>;
      strategy: AssignStrategy;
      preferLastAgent: boolean;
      /** An assignment a pass made stood (the store took it): routing's bookkeeping. */
      assigned: (conversationId: string, agentId: string) => void;
    },
  ) {
    const { clock, hooks } = deps;
    this.queueCheck = new QueueCheck({
      queue: deps.queue,
      store: deps.store,
      clock,
      fault: (what, error) => hooks.fault(what, error),
    });
    this.timers = new KeyedTimers(clock);
    // Relaxed requirements (language, level) depend on waiting time: look again now and then.
    const tick = () => {
      if (this.disposed) return;
      this.dispatch();
      this.timers.set('tick', clock.now() + TICK_MS, tick);
    };
    this.timers.set('tick', clock.now() + TICK_MS, tick);
    const check = () => {
      if (this.disposed) return;
      this.checkQueue();
      this.timers.set('check', clock.now() + QUEUE_CHECK_MS, check);
    };
    this.timers.set('check', clock.now() + QUEUE_CHECK_MS, check);
  }

  /** A queue event for the conversation arrived (see QueueCheck.noteEvent). */
  noteQueueEvent(conversationId: string): void {
    this.queueCheck.noteEvent(conversationId);
  }

  /**
   * Offers waiting conversations to online agents with room. Runs one pass at a time; a pass
   * asked for while one runs is folded into the next.
   */
  dispatch(groups?: readonly string[]): void {
    if (!this.deps.auto || this.disposed) return;
    this.dispatching = this.dispatching
      .then(() => this.dispatchOnce(groups))
      .catch((error) => this.deps.hooks.fault('dispatch', error));
  }

  /**
   * Makes this node's queue match the store's queued conversations (QueueCheck), then offers them.
   * Runs on the dispatch chain, so no assignment of this node is half done meanwhile.
   */
  checkQueue(): void {
    if (!this.deps.auto || this.disposed) return;
    this.dispatching = this.dispatching
      .then(async () => {
        const groups = await this.queueCheck.run();
        await this.dispatchOnce();
        for (const group of groups) await this.deps.hooks.refreshQueue(group);
      })
      .catch((error) => this.deps.hooks.fault('queue check', error));
  }

  /** Resolves when the passes asked for so far are done. */
  async idle(): Promise<void> {
    await this.dispatching;
  }

  dispose(): void {
    this.disposed = true;
    this.timers.clearAll();
  }

  private async dispatchOnce(groups?: readonly string[]): Promise<void> {
    const { queue, roster, hooks } = this.deps;
    const assignments = assignNext(queue, roster.directory, {
      strategy: this.deps.strategy,
      preferLastAgent: this.deps.preferLastAgent,
      ...(groups ? { groups } : {}),
    });
    const touched = new Set<string>();
    for (const a of assignments) {
      const profile = roster.profile(a.agentId);
      touched.add(a.group);
      let ok = false;
      try {
        ok = profile ? await hooks.assign(a.conversationId, profile) : false;
      } catch (error) {
        // Not lost with the failed write (a store hiccup): it waits on, and the next pass tries again.
        hooks.fault('assign', error, a.conversationId);
        if (!queue.has(a.conversationId)) queue.enqueue(a.entry);
      }
      if (!ok) {
        roster.directory.release(a.agentId);
        continue;
      }
      this.deps.assigned(a.conversationId, a.agentId);
    }
    for (const group of touched) await hooks.refreshQueue(group);
  }
}

/** How often waiting conversations are offered again (requirements relax with the wait). */
const TICK_MS = 5000;
/** How often the queue is compared with the store's (see checkQueue). */
const QUEUE_CHECK_MS = 15_000;
