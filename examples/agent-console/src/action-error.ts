import { ERROR_CODES, type ErrorCode, isKefuError, KefuError } from '@kefu/protocol';
import type { Strings } from './strings.ts';

/** The hub's refusal when an agent is full (conversation/agent-actions.ts, assign-to.ts). */
const CAPACITY = /^(?:you already have|(.+) already has) (\d+) conversations \((?:your|their) capacity\)$/;
/** The hub's refusal of a transfer or an assignment to a colleague away or signed out (agent-actions.ts, assign-to.ts). */
const NOT_ONLINE = /^(.+) \(agent [^)]+\) is not online$/;
/** The hub's refusal of a note past the most a conversation keeps (sdk store/notes-full.ts). */
const NOTES_FULL = /^conversation \S+ already holds (\d+) notes, the most one keeps$/;

/**
 * Why an action failed, in the console's language: the sentence for the hub's error code where
 * the language has one (the hub's `message` is English prose for logs), else the error's message.
 * @example
 * actionErrorText(new KefuError('conflict', 'you already have 5 conversations (your capacity)'), STRINGS.zh);
 * // '您已在接待 5 个会话，已达接待上限：结束一个后再接入'
 */
export function actionErrorText(error: unknown, t: Strings): string {
  if (!isKefuError(error)) return error instanceof Error ? error.message : String(error);
  // The one conflict that is not about the conversation (taken, closed): the agent is full. Read
  // from the hub's message (conversation/agent-actions.ts, assign-to.ts), as `conflict` is both.
  const full = error.code === 'conflict' ? CAPACITY.exec(error.message) : null;
  if (full) return t.atCapacity(Number(full[2]), full[1]);
  // Also a `conflict`: read as one, it said the conversation had been taken.
  const away = error.code === 'conflict' ? NOT_ONLINE.exec(error.message) : null;
  if (away) return t.colleagueAway(away[1]!);
  const notes = error.code === 'conflict' ? NOTES_FULL.exec(error.message) : null;
  if (notes) return t.notesFull(Number(notes[1]));
  return t.actionRefused[error.code] ?? error.message;
}

/**
 * The hub's refusal in a close reason (`rate_limited: too many sign-ins; retry later`), or undefined
 * for a connection that was lost rather than refused (no reason, one of the client's own, or a
 * close that refuses nothing: the hub shutting down or cut off from its bus, a slow reader).
 * @example
 * hubRefusal('rate_limited: too many sign-ins; retry later')?.code; // 'rate_limited'
 * hubRefusal('no answer from the hub'); // undefined
 */
export function hubRefusal(reason: string | undefined): KefuError | undefined {
  const match = /^([a-z_]+): (.+)$/s.exec(reason ?? '');
  if (!match || !Object.hasOwn(ERROR_CODES, match[1]!) || DROPS.has(match[1]!)) return undefined;
  return new KefuError(match[1] as ErrorCode, match[2]!);
}

/**
 * Codes the hub closes a connection with that refuse nothing: it is going away, it lost its bus, or
 * this console read too slowly. The client reconnects; "refusing sign-ins" would be wrong.
 */
const DROPS: ReadonlySet<string> = new Set<ErrorCode>(['server_shutdown', 'bus_outage', 'slow_consumer']);

/**
 * Why the hub refused this agent for good (a failed sign-in, or a reconnect it refused): an agent
 * profile the merchant's plug-in rejects is named with the hub's reason, as only the admin can fix
 * it ("plug-in failed, try later" would send the agent retrying in vain); anything else as
 * {@link actionErrorText} says it.
 * @example
 * refusalText(new KefuError('plugin_failed', 'your agent profile cannot be used: name …'), STRINGS.en);
 * // "Your agent profile can't be used until your admin fixes it (your agent profile cannot be used: name …)"
 */
export function refusalText(error: unknown, t: Strings): string {
  if (isKefuError(error) && error.code === 'plugin_failed') return t.accountRefused(error.message);
  return actionErrorText(error, t);
}
