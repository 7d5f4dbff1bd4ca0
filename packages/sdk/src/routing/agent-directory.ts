import type { Clock } from '../clock.ts';
import type { Requirements } from '../seams/agents.ts';

export type AgentLevel = 'junior' | 'senior';
export type AgentStatus = 'online' | 'away' | 'offline';
/** How to choose among agents who could all take a conversation. */
export type AssignStrategy = 'least-busy' | 'round-robin' | 'longest-idle';

/** Concurrent conversations per agent when the profile does not say. */
export const DEFAULT_CAPACITY = 5;

/** An agent as routing sees them. Mutated only through {@link AgentDirectory}. */
export interface RoutingAgent {
  readonly id: string;
  groups: readonly string[];
  level: AgentLevel;
  /** Primary language subtags, lower case (`zh`, `en`). */
  languages: readonly string[];
  status: AgentStatus;
  /** False while no console of theirs is open (the grace period after the last one closed). */
  connected: boolean;
  capacity: number;
  /** Conversations this agent currently owns. */
  active: number;
  lastAssignedAt?: number;
  /** Since when the agent has had no conversation while online; undefined while busy or offline. */
  idleSince?: number;
  /** Registration order, the stable tie-break of every strategy. */
  readonly order: number;
}

/** What the hub knows about an agent (an `AgentProfile` plus level and languages). */
export interface AgentInput {
  id: string;
  groups: readonly string[];
  level?: AgentLevel;
  languages?: readonly string[];
  status?: AgentStatus;
  /** Default true. */
  connected?: boolean;
  capacity?: number;
  active?: number;
}

export interface PickOptions {
  requires?: Requirements;
  /**
   * The agent this shopper talked to last time: chosen first when eligible (online, in the
   * group, with room, meeting `requires`), whatever the strategy.
   */
  preferAgentId?: string;
  /** Agents never chosen (they let this conversation go back to the queue in this wait). */
  exclude?: readonly string[];
}

/** `en-US` → `en`: agents list languages they speak, shoppers arrive with regional locales. */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** Online with a console open, below capacity, and meeting the requirements. Capacity is never negotiable. */
export function isEligible(agent: RoutingAgent, requires?: Requirements): boolean {
  if (agent.status !== 'online' || !agent.connected || agent.active >= agent.capacity) return false;
  if (requires?.level === 'senior' && agent.level !== 'senior') return false;
  if (requires?.language !== undefined && !agent.languages.includes(primaryLanguage(requires.language)))
    return false;
  return true;
}

/**
 * Chooses the agent for one conversation among `candidates`, or undefined when none is
 * eligible. Pure: it reads the agents and changes nothing.
 *
 * - `least-busy` (default): lowest load (active ÷ capacity), then fewest active, then the one
 *   assigned longest ago — load rather than a raw count so a capacity-2 trainee is not given as
 *   many chats as a capacity-8 veteran.
 * - `round-robin`: the one assigned longest ago (never assigned first), ties in registration
 *   order. Stateless — the rotation lives in `lastAssignedAt` — so it survives restarts and works
 *   the same on every hub node.
 * - `longest-idle`: among agents with no conversation, the one idle longest; when everyone is
 *   busy it falls back to least-busy.
 *
 * @example
 * const agent = pickAgent(directory.inGroup('logistics'), 'least-busy', { requires: { language: 'en' } });
 */
export function pickAgent(
  candidates: Iterable<RoutingAgent>,
  strategy: AssignStrategy = 'least-busy',
  options: PickOptions = {},
): RoutingAgent | undefined {
  const { requires, preferAgentId, exclude } = options;
  // Normalised once, not per agent: this loop is the hot path of assignNext.
  const senior = requires?.level === 'senior';
  const language = requires?.language === undefined ? undefined : primaryLanguage(requires.language);
  let best: RoutingAgent | undefined;
  for (const agent of candidates) {
    if (agent.status !== 'online' || !agent.connected || agent.active >= agent.capacity) continue;
    if (senior && agent.level !== 'senior') continue;
    if (exclude?.includes(agent.id)) continue;
    if (language !== undefined && !agent.languages.includes(language)) continue;
    if (agent.id === preferAgentId) return agent;
    if (best === undefined || better(agent, best, strategy)) best = agent;
  }
  return best;
}

function better(a: RoutingAgent, b: RoutingAgent, strategy: AssignStrategy): boolean {
  if (strategy === 'round-robin') return (compareAssigned(a, b) || a.order - b.order) < 0;
  if (strategy === 'longest-idle' && (a.idleSince !== undefined || b.idleSince !== undefined)) {
    if (b.idleSince === undefined) return true;
    if (a.idleSince === undefined) return false;
    return (a.idleSince - b.idleSince || a.order - b.order) < 0;
  }
  const load = a.active / a.capacity - b.active / b.capacity;
  return (load || a.active - b.active || compareAssigned(a, b) || a.order - b.order) < 0;
}

/** Never-assigned agents sort first: they are the ones a rotation has not reached yet. */
function compareAssigned(a: RoutingAgent, b: RoutingAgent): number {
  if (a.lastAssignedAt === b.lastAssignedAt) return 0;
  if (a.lastAssignedAt === undefined) return -1;
  if (b.lastAssignedAt === undefined) return 1;
  return a.lastAssignedAt - b.lastAssignedAt;
}

/**
 * The agents routing may assign to: their groups, level, languages, status and live load.
 * In memory, one per hub node; `reserve`/`release` are synchronous so a check-and-take can
 * never interleave with another on the same node.
 * @example
 * const directory = new AgentDirectory({ clock });
 * directory.upsert({ id: 'a1', groups: ['logistics'], languages: ['zh', 'en'], status: 'online' });
 * if (directory.reserve('a1')) { … } // later: directory.release('a1')
 */
export class AgentDirectory {
  private readonly clock: Clock;
  private readonly defaultCapacity: number;
  private readonly agents = new Map<string, RoutingAgent>();
  private readonly groups = new Map<string, RoutingAgent[]>();
  private nextOrder = 0;

  constructor(options: { clock: Clock; defaultCapacity?: number }) {
    this.clock = options.clock;
    this.defaultCapacity = options.defaultCapacity ?? DEFAULT_CAPACITY;
    if (!(this.defaultCapacity >= 1))
      throw new RangeError(`defaultCapacity must be ≥ 1, got ${this.defaultCapacity}`);
  }

  /** The directory's clock, so callers judge waiting times on the same time as the load. */
  now(): number {
    return this.clock.now();
  }

  /** Adds an agent or updates their profile; their live load and history are kept. */
  upsert(input: AgentInput): RoutingAgent {
    const capacity = input.capacity ?? this.defaultCapacity;
    if (!(capacity >= 0)) throw new RangeError(`agent ${input.id}: capacity must be ≥ 0, got ${capacity}`);
    const existing = this.agents.get(input.id);
    const agent: RoutingAgent = existing ?? {
      id: input.id,
      groups: [],
      level: 'junior',
      languages: [],
      status: 'offline',
      connected: true,
      capacity,
      active: 0,
      // Every field present from the start (and never `delete`d): agents keep one hidden class,
      // which keeps pickAgent's scan fast — `delete` made assignNext several times slower.
      lastAssignedAt: undefined,
      idleSince: undefined,
      order: this.nextOrder++,
    };
    if (existing) this.unindex(existing);
    agent.groups = [...new Set(input.groups)];
    agent.level = input.level ?? agent.level;
    if (input.languages) agent.languages = [...new Set(input.languages.map(primaryLanguage))];
    agent.capacity = capacity;
    agent.connected = input.connected ?? true;
    this.agents.set(agent.id, agent);
    this.index(agent);
    this.setStatus(agent.id, input.status ?? agent.status);
    if (input.active !== undefined) this.setActive(agent.id, input.active);
    return agent;
  }

  remove(id: string): boolean {
    const agent = this.agents.get(id);
    if (!agent) return false;
    this.unindex(agent);
    return this.agents.delete(id);
  }

  get(id: string): RoutingAgent | undefined {
    return this.agents.get(id);
  }

  all(): IterableIterator<RoutingAgent> {
    return this.agents.values();
  }

  /** Agents in a group, in registration order (whatever their status). */
  inGroup(group: string): readonly RoutingAgent[] {
    return this.groups.get(group) ?? [];
  }

  /**
   * Going online starts the idle clock; going away or offline keeps the load (the hub decides
   * whether to requeue what the agent held — see `assignNext` and the wiring notes).
   */
  setStatus(id: string, status: AgentStatus): void {
    const agent = this.agents.get(id);
    if (!agent) throw new Error(`unknown agent ${id}`);
    const wasOnline = agent.status === 'online';
    agent.status = status;
    if (status !== 'online') agent.idleSince = undefined;
    else if (!wasOnline && agent.active === 0) agent.idleSince = this.clock.now();
  }

  /** Takes one slot of the agent's capacity; false (and nothing changes) when they are not eligible. */
  reserve(id: string, requires?: Requirements): boolean {
    const agent = this.agents.get(id);
    if (!agent || !isEligible(agent, requires)) return false;
    agent.active++;
    agent.lastAssignedAt = this.clock.now();
    agent.idleSince = undefined;
    return true;
  }

  /** Gives a slot back (the conversation closed, was transferred, or the assignment failed). */
  release(id: string): void {
    const agent = this.agents.get(id);
    if (!agent || agent.active === 0) return;
    agent.active--;
    if (agent.active === 0 && agent.status === 'online') agent.idleSince = this.clock.now();
  }

  /** Re-syncs the load from the store (after a restart, or on another node's change). */
  setActive(id: string, active: number): void {
    const agent = this.agents.get(id);
    if (!agent) return;
    agent.active = Math.max(0, active);
    if (agent.active > 0) agent.idleSince = undefined;
    else if (agent.status === 'online') agent.idleSince ??= this.clock.now();
  }

  /** Online agents of a group and their total capacity, for the wait estimate. */
  staffing(group: string): { online: number; slots: number; free: number } {
    let online = 0;
    let slots = 0;
    let free = 0;
    for (const agent of this.inGroup(group)) {
      if (agent.status !== 'online' || !agent.connected) continue;
      online++;
      slots += agent.capacity;
      free += Math.max(0, agent.capacity - agent.active);
    }
    return { online, slots, free };
  }

  private index(agent: RoutingAgent): void {
    for (const group of agent.groups) {
      const list = this.groups.get(group);
      if (!list) this.groups.set(group, [agent]);
      else {
        // Keep registration order so round-robin and tie-breaks are stable across upserts.
        let i = list.length;
        while (i > 0 && list[i - 1]!.order > agent.order) i--;
        list.splice(i, 0, agent);
      }
    }
  }

  private unindex(agent: RoutingAgent): void {
    for (const group of agent.groups) {
      const list = this.groups.get(group);
      if (!list) continue;
      const i = list.indexOf(agent);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.groups.delete(group);
    }
  }
}
