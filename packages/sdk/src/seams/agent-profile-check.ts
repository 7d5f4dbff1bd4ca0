import { AgentRef, AgentWelcome, LIMITS } from '@kefu/protocol';
import * as z from 'zod/mini';
import { withoutInvisibles } from '../text/invisible-characters.ts';
import type { AgentProfile } from './agents.ts';

const agentId = AgentRef.shape.id;
const agentName = AgentRef.shape.name;
const avatar = AgentRef.shape.avatar;
const group = AgentWelcome.shape.agent.shape.groups.def.element;

/**
 * What is wrong with an agent profile for the frames that carry it (the agent's welcome, the
 * state a shopper sees, `agents.online`), as `field problem`; undefined when nothing is. Checked
 * where profiles enter the hub (the `agents` list at start, an `agents` function at each sign-in):
 * a name or group past the protocol's limits made every frame holding it unreadable to the agent
 * client, the agent's own welcome among them, and the frames of everyone who saw it.
 * @example
 * agentProfileProblem({ id: 'mei', name: 'x'.repeat(101), groups: [] }); // 'name must be 1-100 characters …'
 */
export function agentProfileProblem(profile: AgentProfile): string | undefined {
  if (!z.safeParse(agentId, profile.id).success)
    return `id must be 1-${LIMITS.maxIdChars} characters without control characters`;
  if (!z.safeParse(agentName, profile.name).success)
    return `name must be 1-${LIMITS.maxNameChars} characters without U+0000 (it has ${String(profile.name).length})`;
  if (!Array.isArray(profile.groups)) return 'groups must be a list of group names';
  for (const [i, name] of profile.groups.entries())
    if (!z.safeParse(group, name).success)
      return `groups[${i}] must be 1-${LIMITS.maxNameChars} characters (it has ${String(name).length})`;
  // A directory's "false" is truthy: half a supervisor, and a welcome the agent client cannot read.
  const supervisor: unknown = profile.supervisor;
  if (supervisor !== undefined && typeof supervisor !== 'boolean')
    return `supervisor must be true or false (it is ${JSON.stringify(supervisor)?.slice(0, 40)})`;
  if (profile.avatar !== undefined && !z.safeParse(avatar, profile.avatar).success)
    return `avatar must be a URL of at most ${LIMITS.maxUrlChars} characters`;
  return undefined;
}

/**
 * The profile as shoppers and colleagues are shown it: its name without bidi controls and
 * zero-width characters. A directory's display name is often the agent's own choice, and before
 * 2026-12-06 a U+202E in it reached the widget as sent (it reverses the text that follows it).
 * Applied where profiles enter the hub, before {@link agentProfileProblem}.
 * @example
 * shownAgentProfile({ id: 'mei', name: 'Mei\u202E', groups: [] }).name; // 'Mei'
 */
export function shownAgentProfile<P extends AgentProfile>(profile: P): P {
  if (typeof profile.name !== 'string') return profile;
  const name = withoutInvisibles(profile.name);
  return name === profile.name ? profile : { ...profile, name };
}
