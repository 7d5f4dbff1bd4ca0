import { channels } from '../bus/bus.ts';
import { sessionKey } from '../store/session-key.ts';
import type { Connection } from './connection.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { resolveShopperId, type ShopperRef } from './privacy.ts';
import type { WsEdge } from './ws-edge.ts';

export interface SessionEnder {
  /**
   * Ends every session of the shopper issued until now, on every node: their session tokens are
   * refused from now on (they continue as an anonymous device) and their open connections close.
   */
  endSessions(ref: ShopperRef, why?: 'ended' | 'erased'): Promise<void>;
  /**
   * Closes every console the agent has open, on every node. Agents are checked only when they
   * sign in, so a console stayed signed in after its agent was removed or disabled.
   */
  endAgentSessions(agentId: string): Promise<void>;
  /** Stops listening for other nodes' endings (at shutdown); never rejects. */
  stop(): Promise<void>;
}

export interface SessionEnderDeps {
  o: Pick<
    ResolvedHubOptions,
    'store' | 'bus' | 'clock' | 'sites' | 'sessionTtlMs' | 'identifiedSessionTtlMs'
  >;
  edge: Pick<WsEdge, 'closeConnections'>;
  reportError: (error: unknown, where: string) => void;
}

/** How the sockets close: ended sessions as unauthorized, an erased shopper as before erasure existed here (forbidden). */
const CLOSE = {
  ended: { code: 'unauthorized', message: 'this session was ended' },
  erased: { code: 'forbidden', message: 'this shopper was erased' },
} as const;

/**
 * Builds `hub.admin.endSessions` and listens on the bus, so a shopper whose sessions another node
 * ended loses their sockets here too. The bus carries only the hashed key, never the shopper id.
 * @example
 * const sessions = createSessionEnder({ o, edge, reportError });
 * await sessions.endSessions({ siteKey: 'shop', userId: '42' });
 */
export function createSessionEnder({ o, edge, reportError }: SessionEnderDeps): SessionEnder {
  const longestTtl = Math.max(o.sessionTtlMs, o.identifiedSessionTtlMs);
  const close = (key: string, why: 'ended' | 'erased') =>
    edge.closeConnections(CLOSE[why].code, CLOSE[why].message, (conn) =>
      sessionKeys(conn, o.sites).includes(key),
    );
  const closeAgent = (agentId: string) =>
    edge.closeConnections('unauthorized', 'this agent was signed out', (conn) => conn.agentId === agentId);
  const subscribed = o.bus
    .subscribe(channels.sessions, (event) => {
      if (event.kind === 'sessions.ended') close(event.key, event.why);
      else if (event.kind === 'agent.signed_out') closeAgent(event.agentId);
    })
    .catch((error) => {
      reportError(error, 'sessions subscribe');
      return async () => {};
    });
  return {
    async endSessions(ref, why = 'ended') {
      const shopperId = resolveShopperId(ref);
      const now = o.clock.now();
      // Revoked before the sockets close, so a reconnect racing the close cannot resume.
      await o.store.revokeSessions(ref.siteKey, shopperId, now, now + longestTtl);
      const key = sessionKey(ref.siteKey, shopperId);
      close(key, why);
      await o.bus.publish(channels.sessions, { kind: 'sessions.ended', key, why });
    },
    async endAgentSessions(agentId) {
      closeAgent(agentId);
      await o.bus.publish(channels.sessions, { kind: 'agent.signed_out', agentId });
    },
    stop() {
      return subscribed
        .then((unsubscribe) => unsubscribe())
        .catch((error) => reportError(error, 'sessions unsubscribe'));
    },
  };
}

/** The keys a shopper connection may be filed under: its site's, or every site's when the upgrade named none. */
function sessionKeys(conn: Connection, sites: ReadonlyMap<string, unknown>): string[] {
  if (conn.role !== 'shopper' || conn.shopperId === undefined) return [];
  const shopperId = conn.shopperId;
  const keys = conn.siteKey === undefined ? [...sites.keys()] : [conn.siteKey];
  return keys.map((site) => sessionKey(site, shopperId));
}
