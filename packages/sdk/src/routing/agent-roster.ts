import { type AgentPresence, type Bus, type BusEvent, channels, unsubscribeOnDispose } from '../bus/bus.ts';
import type { Clock } from '../clock.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { Store } from '../store/store.ts';
import { AgentDirectory, type AgentStatus } from './agent-directory.ts';
import type { DispatchHooks } from './dispatcher-contract.ts';
import type { DurableTimers } from './durable-timers.ts';
import { awaitsFollowUp } from './follow-ups.ts';
import { KeyedTimers } from './keyed-timers.ts';
import { NodeHeartbeat } from './node-heartbeat.ts';

/**
 * Who is online with room, cluster-wide: every node publishes its agents' presence on the bus
 * and applies everyone's to one {@link AgentDirectory}. An agent whose last connection drops
 * (or whose node dies) has a grace period to come back before their conversations are requeued;
 * meanwhile they keep their status but are offered nothing new (`connected: false`), since
 * nobody would see the offer.
 *
 * The roster also holds the status each agent chose, cluster-wide: a connection that says hello
 * takes it, whatever status it asks for, so a console that reconnects with a stale one (or a new
 * tab, which asks for online) cannot put an away agent back in line for shoppers. It is forgotten
 * when the agent goes offline (by choice, or no connection anywhere for the grace period): the
 * next sign-in then takes the status it asks for.
 */
export class AgentRoster {
  readonly directory: AgentDirectory;
  private readonly profiles = new Map<string, AgentProfile>();
  /** Open connections per agent on this node. */
  private readonly connections = new Map<string, number>();
  /** The status each agent connected here chose last (what this node vouches for). */
  private readonly statusHere = new Map<string, AgentStatus>();
  /** The status each agent chose last, on any node, until they go offline. */
  private readonly chosen = new Map<string, AgentStatus>();
  private readonly graces: KeyedTimers;
  private readonly heartbeat: NodeHeartbeat;
  private unsubscribe: (() => Promise<void>) | undefined;
  private disposed = false;

  constructor(
    private readonly deps: {
      nodeId: string;
      clock: Clock;
      bus: Bus;
      store: Store;
      durable: DurableTimers;
      graceMs: number;
      defaultCapacity: number;
      hooks: DispatchHooks;
      /** Someone of these groups came online: offer them what waits. */
      onOnline: (groups: readonly string[]) => void;
    },
  ) {
    this.directory = new AgentDirectory({ clock: deps.clock, defaultCapacity: deps.defaultCapacity });
    this.graces = new KeyedTimers(deps.clock);
    this.heartbeat = new NodeHeartbeat({
      nodeId: deps.nodeId,
      timers: deps.durable,
      clock: deps.clock,
      graceMs: deps.graceMs,
      // An agent in a grace period here too: the node restarting inside it forgot its timer, and
      // without this record nobody requeued their conversations once it was over.
      connected: () => [...this.connections.keys(), ...this.graces.keys()],
      agentGone: async (id) => {
        // Signed in here while the dead node's other agents were let go of: at their desk.
        if (this.connections.has(id)) return;
        this.announce(id, 'offline');
        await this.requeueAll(id, 'the agent’s hub node went away', true);
      },
      nodeGone: (nodeId) => deps.hooks.nodeGone(nodeId),
      onError: (what, error) => deps.hooks.fault(what, error),
    });
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.deps.bus.subscribe(channels.presence, (e) => this.onPresence(e));
    // A node that joins a running cluster knows nobody until they change: without this, its
    // router took a staffed group for an empty one and sent its shoppers to the offline form.
    this.send({ kind: 'presence.sync', node: this.deps.nodeId });
    this.heartbeat.start();
  }

  dispose(): void {
    this.disposed = true;
    unsubscribeOnDispose(this.unsubscribe);
    this.graces.clearAll();
    this.heartbeat.dispose();
  }

  /**
   * A connection of the agent said hello asking for `asked`: returns the status it takes, the one
   * the agent chose on any connection if the roster holds one.
   */
  connected(profile: AgentProfile, asked: AgentStatus, active: number): AgentStatus {
    const first = !this.connections.has(profile.id);
    const status = this.chosen.get(profile.id) ?? asked;
    this.remember(profile.id, status);
    // Known at once, not on the bus's echo: a status frame right after the welcome is announced.
    this.profiles.set(profile.id, profile);
    this.connections.set(profile.id, (this.connections.get(profile.id) ?? 0) + 1);
    this.statusHere.set(profile.id, status);
    this.graces.clear(profile.id);
    this.publish({ profile, status, active, chosen: true });
    // At once, so a node judging a dead node's agents sees this one is connected here.
    if (first) void this.heartbeat.beat();
    return status;
  }

  /** The agent chose a status (or the hub chose away for them: an offer they let lapse); every console of theirs is told. */
  setStatus(id: string, status: AgentStatus): void {
    this.remember(id, status);
    if (this.connections.has(id)) this.statusHere.set(id, status);
    if (!this.profiles.has(id)) return;
    this.publish({ ...this.presenceOf(id, status), chosen: true });
    if (status === 'offline') void this.requeueAll(id, 'the agent went offline');
  }

  /** An agent connection closed; after the grace period without a new one anywhere, their conversations are requeued. */
  disconnected(id: string): void {
    const left = (this.connections.get(id) ?? 1) - 1;
    if (left > 0) {
      this.connections.set(id, left);
      return;
    }
    this.connections.delete(id);
    this.statusHere.delete(id);
    const status = this.directory.get(id)?.status;
    if (status) this.publish({ ...this.presenceOf(id, status), connected: false });
    // The hub closing cuts every socket after disposing the roster: no grace timer may outlive it.
    if (this.disposed) return;
    this.graces.set(id, this.deps.clock.now() + this.deps.graceMs, () => {
      if (this.disposed || this.connections.has(id) || !this.profiles.has(id)) return;
      this.announce(id, 'offline');
      // Our record lets go of them before we read what they hold: a node that has not heard the
      // announcement yet and asks (see offline) then finds them gone once we requeued without the
      // pending chats whose follow-up was still ahead.
      void this.heartbeat.beat().then(() => this.requeueAll(id, 'the agent disconnected', true));
    });
  }

  /** Agents online anywhere in the cluster. */
  online(): AgentProfile[] {
    return [...this.profiles.values()].filter((p) => this.directory.get(p.id)?.status === 'online');
  }

  profile(id: string): AgentProfile | undefined {
    return this.profiles.get(id);
  }

  /** Whether an agent known to routing (signed in at some point, on any node) is in `group`. */
  hasGroup(group: string): boolean {
    for (const p of this.profiles.values()) if (p.groups.includes(group)) return true;
    return false;
  }

  /** Tells every node how many conversations the agent holds now, from the store. */
  async syncLoad(agentId: string): Promise<void> {
    const agent = this.directory.get(agentId);
    if (!this.profiles.has(agentId) || !agent) return;
    try {
      const held = await this.deps.store.listConversations({ statuses: ['assigned', 'pending'], agentId });
      this.publish({ ...this.presenceOf(agentId, agent.status), active: held.length });
    } catch (error) {
      this.deps.hooks.fault('agent load', error);
    }
  }

  /** Publishes the agent's new status with their current load (no-op for an agent never seen). */
  announce(id: string, status: AgentStatus): void {
    if (this.profiles.has(id)) this.publish(this.presenceOf(id, status));
  }

  /** Whether the agent has a console open and is not offline: whom a breach is fairly counted against. */
  present(id: string): boolean {
    const agent = this.directory.get(id);
    return agent !== undefined && agent.status !== 'offline' && agent.connected;
  }

  /**
   * Offline as routing sees it, cluster-wide: they went offline (by choice, as far as this node
   * heard), or no live node answers for them in the store (connected to it, or in a grace period
   * it keeps). In the grace period they are not. The store is asked, not only the bus: a node that
   * had just started took an agent online elsewhere, not yet heard of, for offline; and a node
   * that had not yet heard that their grace period ended (or their node died) kept a pending chat
   * whose follow-up fell due with nobody, as their node had left it for that follow-up to requeue.
   */
  async offline(id: string): Promise<boolean> {
    const agent = this.directory.get(id);
    if (agent?.status === 'offline') return true;
    if (this.connections.has(id) || this.graces.has(id)) return false;
    return !(await this.heartbeat.holds(id).catch((e: unknown) => {
      this.deps.hooks.fault('presence', e);
      return false;
    }));
  }

  /** Their presence as this node tells it: still without a console while in a grace period here. */
  private presenceOf(id: string, status: AgentStatus): AgentPresence {
    const agent = this.directory.get(id);
    const connected = this.connections.has(id) || (!this.graces.has(id) && agent?.connected !== false);
    return {
      profile: this.profiles.get(id)!,
      status,
      active: agent?.active ?? 0,
      ...(connected ? {} : { connected: false }),
    };
  }

  /**
   * Requeues what the store says the agent holds (assignments made by any node), except what
   * waits on a follow-up still ahead: that stays theirs (see awaitsFollowUp). `whileGone`: not
   * once they have a console here again (one that reconnected while the store was read, as the
   * grace period ended, kept its chats only to see them requeued under it).
   */
  private async requeueAll(agentId: string, reason: string, whileGone = false): Promise<void> {
    const { store, hooks } = this.deps;
    // Called without awaiting (a status frame, a timer): a store outage must be a fault, not an
    // unhandled rejection, which ends the process.
    const held = await store
      .listConversations({ statuses: ['assigned', 'pending'], agentId })
      .catch((e: unknown) => hooks.fault('requeue', e));
    const now = this.deps.clock.now();
    for (const c of held ?? [])
      if (!awaitsFollowUp(c.state, now) && !(whileGone && this.connections.has(agentId)))
        await hooks.requeue(c.id, agentId, reason).catch((e) => hooks.fault('requeue', e));
  }

  private publish(agent: AgentPresence): void {
    this.send({ kind: 'presence', node: this.deps.nodeId, agent });
  }

  private send(event: BusEvent): void {
    void this.deps.bus.publish(channels.presence, event).catch((e) => this.deps.hooks.fault('presence', e));
  }

  private onPresence(event: BusEvent): void {
    if (this.disposed) return;
    if (event.kind === 'presence.sync') {
      if (event.node !== this.deps.nodeId)
        for (const [id, status] of this.statusHere)
          this.publish({ ...this.presenceOf(id, status), chosen: true });
      return;
    }
    if (event.kind !== 'presence') return;
    const { profile, status, active, connected } = event.agent;
    this.profiles.set(profile.id, profile);
    // Back online on another node within the grace period: nothing to requeue.
    if (status !== 'offline' && connected !== false && event.node !== this.deps.nodeId)
      this.graces.clear(profile.id);
    this.directory.upsert({
      id: profile.id,
      groups: profile.groups,
      level: profile.level ?? 'junior',
      // Agents who list no languages are taken to speak both the widget's languages.
      languages: profile.languages ?? ['zh', 'en'],
      ...(profile.capacity === undefined ? {} : { capacity: profile.capacity }),
      status,
      ...(connected === false ? { connected } : {}),
      active,
    });
    if (event.agent.chosen) {
      this.remember(profile.id, status);
      // Chosen on another node: what this node vouches for its connections from now on.
      if (this.connections.has(profile.id)) this.statusHere.set(profile.id, status);
    } else if (status === 'offline') this.chosen.delete(profile.id);
    if (status === 'online' && connected !== false) this.deps.onOnline(profile.groups);
    // Another node took an agent connected here for gone (this node's heartbeat ran late on a
    // busy machine): say again what this node knows, or they would stay offline while connected.
    // Likewise when another node's last console of theirs closed while one is open here.
    const here = this.statusHere.get(profile.id);
    const doubted = status === 'offline' || connected === false;
    if (doubted && event.node !== this.deps.nodeId && here !== undefined && here !== 'offline')
      this.publish({ ...this.presenceOf(profile.id, here), chosen: true });
  }

  private remember(id: string, status: AgentStatus): void {
    if (status === 'offline') this.chosen.delete(id);
    else this.chosen.set(id, status);
  }
}
