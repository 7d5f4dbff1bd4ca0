import type { AgentHello } from '@kefu/protocol';
import { agentProfileProblem, shownAgentProfile } from '../seams/agent-profile-check.ts';
import type { AgentProfile } from '../seams/agents.ts';
import { runPlugin } from '../seams/run-plugin.ts';
import type { Connection } from './connection.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { createSignInThrottle, type SignInThrottle } from './sign-in-throttle.ts';

/** Authenticates an agent's hello; null when refused (the connection is then closed with the reason). */
export type AgentSignIn = (conn: Connection, hello: AgentHello) => Promise<AgentProfile | null>;

/**
 * Agent sign-in as the edge runs it: the address's back-off first (a refused attempt never
 * reaches `authenticateAgent`), then the authenticator under the plug-in timeout, so a stalled or
 * throwing one ends the attempt with a typed error instead of holding the socket. Anything but a
 * profile counts as a failure for the back-off: an authenticator that throws on a bad token must
 * not give a guesser free tries.
 * @example
 * const signIn = createAgentSignIn(o);
 * const profile = await signIn(conn, hello);
 * if (profile) await session.start(hello, profile);
 */
export function createAgentSignIn(
  o: Pick<ResolvedHubOptions, 'authenticateAgent' | 'pluginTimeoutMs' | 'clock' | 'signIn' | 'logger'>,
  throttle: SignInThrottle = createSignInThrottle(o.clock, o.signIn),
): AgentSignIn {
  return async (conn, hello) => {
    const verdict = throttle.attempt(conn.ip);
    if (!verdict.ok) {
      // Debug only: a guesser is refused many times a second, and each refusal costs nothing.
      o.logger.log('debug', 'agent.sign_in_throttled', { retryAfterMs: verdict.retryAfterMs });
      conn.close(
        'rate_limited',
        `too many failed sign-ins from this address; retry in ${Math.ceil(verdict.retryAfterMs / 1000)} s`,
        hello.id,
        // Whole ms, within a timer's range: the client waits this long before its next hello.
        { retryAfterMs: Math.min(Math.ceil(verdict.retryAfterMs), 2 ** 31 - 1) },
      );
      return null;
    }
    const result = await runPlugin('authenticateAgent', o.pluginTimeoutMs, o.clock, () =>
      o.authenticateAgent(hello.token),
    );
    const profile = result.ok && result.value ? shownAgentProfile(result.value) : null;
    verdict.ticket.done(profile !== null);
    if (!result.ok) {
      o.logger.log('warn', 'plugin.failed', { plugin: 'authenticateAgent', error: result.error.message });
      // The authenticator threw or stalled (a directory down): a later attempt may work, so the
      // refusal says retryable, unlike the profile below, which fails until the merchant fixes it.
      conn.close('plugin_failed', 'agent sign-in is not available right now; retry later', hello.id, {
        retryable: true,
      });
      return null;
    }
    if (!profile) {
      o.logger.log('info', 'agent.sign_in_failed', {});
      conn.close('unauthorized', 'unknown agent token', hello.id);
      return null;
    }
    // Checked here as the agents list is at start: a profile the frames cannot carry would make
    // this agent's welcome, and frames colleagues and shoppers get, unreadable.
    const problem = agentProfileProblem(profile);
    if (problem) {
      o.logger.log('warn', 'plugin.failed', { plugin: 'authenticateAgent', error: `profile ${problem}` });
      conn.close('plugin_failed', `your agent profile cannot be used: ${problem}`, hello.id);
      return null;
    }
    // The socket may have gone while the authenticator worked: nothing to start then.
    return conn.closed ? null : profile;
  };
}
