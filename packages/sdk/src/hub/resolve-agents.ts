import type { UnknownGroups } from '../conversation/conversation-options.ts';
import { type RouterConfig, routerGroups } from '../routing/default-router.ts';
import type { SlaPolicies } from '../routing/sla.ts';
import { agentProfileProblem } from '../seams/agent-profile-check.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { AuthenticateAgentPlugin, RoutePlugin } from '../seams/plugins.ts';
import { strongAgentToken, WEAK_AGENT_TOKEN } from './agent-token.ts';

/** What of HubOptions the agent directory is made from (HubOptions itself imports this file). */
export interface AgentDirectoryOptions {
  agents?: ReadonlyArray<AgentProfile & { token: string }> | AuthenticateAgentPlugin;
  route?: RoutePlugin;
  routing?: {
    groups?: readonly string[];
    router?: Omit<RouterConfig, 'clock' | 'isStaffed'>;
    sla?: Pick<SlaPolicies, 'groups'>;
  };
}

/** The hub's agent directory, as its resolved options hold it. */
export interface ResolvedAgents {
  authenticateAgent: AuthenticateAgentPlugin;
  /**
   * The groups a transfer may name while nobody of them is signed in: those of the configured
   * agents list; with an `agents` function, those the routing configuration names.
   */
  knownGroups: ReadonlySet<string>;
  /** What becomes of a routed group none of knownGroups (see ConversationOptions.unknownGroups). */
  unknownGroups: UnknownGroups;
}

/**
 * The hub's agent directory from its options: how a token signs an agent in (the `agents` function,
 * or a lookup in the checked `agents` list) and the groups a transfer may name while nobody of them
 * is signed in (the list's groups; with a function, those the routing configuration names).
 */
export function resolveAgents(
  options: AgentDirectoryOptions,
  problem: (message: string) => void,
): ResolvedAgents {
  const groups = options.routing?.groups;
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string' && g)))
    problem('routing.groups must be a list of group names');
  if (typeof options.agents === 'function')
    return {
      authenticateAgent: options.agents,
      knownGroups: configuredGroups(options),
      unknownGroups: 'kept',
    };
  const knownGroups = new Set<string>();
  const byToken = new Map<string, AgentProfile>();
  const ids = new Set<string>();
  // Every agent is checked, and each problem named: a list of twenty is fixed in one pass.
  for (const [i, agent] of (options.agents ?? []).entries()) {
    let bad = false;
    const note = (message: string) => {
      bad = true;
      problem(message);
    };
    if (agent.token === undefined)
      note(`agents[${i}].token is missing (undefined: is the environment variable you read it from set?)`);
    else if (!strongAgentToken(agent.token)) note(`agents[${i}].token ${WEAK_AGENT_TOKEN}`);
    else if (byToken.has(agent.token)) note(`agents[${i}].token is the same as another agent's`);
    if (!agent.id || !agent.name) note(`agents[${i}] needs an id and a name`);
    else {
      const profileProblem = agentProfileProblem(agent);
      if (profileProblem) note(`agents[${i}].${profileProblem}`);
      // Two sign-ins as one id would share one inbox, load and transcript trail.
      if (ids.has(agent.id)) note(`agents[${i}].id "${agent.id}" is listed twice`);
    }
    if (bad) continue;
    const { token, ...profile } = agent;
    ids.add(agent.id);
    byToken.set(token, profile);
    for (const group of agent.groups) knownGroups.add(group);
  }
  return {
    authenticateAgent: async (token) => byToken.get(token) ?? null,
    knownGroups,
    unknownGroups: options.route ? 'reported' : 'default',
  };
}

/**
 * The groups a hub's configuration names besides its agents: `routing.groups`, the default
 * router's (unless a `route` of your own replaces it) and those with their own SLA. With an
 * `agents` function they are all the hub knows of before anyone signs in.
 */
function configuredGroups(options: AgentDirectoryOptions): Set<string> {
  const routing = options.routing ?? {};
  const groups = new Set(routing.groups);
  if (!options.route) for (const group of routerGroups(routing.router)) groups.add(group);
  for (const group of Object.keys(routing.sla?.groups ?? {})) groups.add(group);
  return groups;
}
