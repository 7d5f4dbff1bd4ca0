import type { ErrorCode } from '@kefu/protocol';
import type { AddressSlots } from './address-slots.ts';
import type { Connection } from './connection.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { originAllowed } from './origins.ts';

/** Why a new connection may not stay; it is closed with this code (and its close code). */
export interface Refusal {
  code: ErrorCode;
  message: string;
}

export interface Admission {
  /**
   * Counts a new connection against its address (unless its socket was `counted` when it
   * connected), then checks, in this order, the per-address limit, the site key and the page
   * origin. Undefined admits it.
   */
  admit(conn: Connection, counted?: boolean): Refusal | undefined;
  /** Uncounts a connection when it closes, admitted or not. */
  release(conn: Connection): void;
}

/**
 * Who may open a connection: at most `limits.maxConnectionsPerIp` per address, and shoppers
 * only for a known site from one of its allowed origins. Agents (no `?site=`) authenticate by
 * token in their hello instead.
 * @example
 * const admission = createAdmission(o, createAddressSlots(o.limits.maxConnectionsPerIp));
 * const refusal = admission.admit(conn);
 * if (refusal) conn.close(refusal.code, refusal.message);
 */
export function createAdmission(
  o: Pick<ResolvedHubOptions, 'sites' | 'limits' | 'logger'>,
  slots: AddressSlots,
): Admission {
  const holding = new WeakSet<Connection>();
  return {
    admit(conn, counted = false) {
      if (!counted) {
        const max = o.limits.maxConnectionsPerIp;
        if (!slots.take(conn.ip))
          return { code: 'too_many_connections', message: `at most ${max} connections per address` };
        holding.add(conn);
      }
      const { siteKey, origin } = conn;
      if (siteKey === undefined) return undefined;
      const site = o.sites.get(siteKey);
      if (!site) {
        // As for a refused origin: the widget only says it cannot connect, so the log names why
        // (a typo in data-site, a site left out of the options).
        o.logger.log('warn', 'connection.site_unknown', { site: siteKey, origin: origin ?? null });
        return { code: 'unauthorized', message: `unknown site key ${siteKey}` };
      }
      if (!originAllowed(site, origin)) {
        o.logger.log('warn', 'connection.origin_refused', { site: siteKey, origin: origin ?? null });
        // No Origin at all is a client outside a browser (a headless shopper in Node), whose
        // integrator has to be told which option sends one.
        const hint =
          origin === undefined ? "; outside a browser, pass the shopper client's origin option" : '';
        return {
          code: 'forbidden',
          message: `origin ${origin ?? '(none)'} may not connect to site ${siteKey}${hint}`,
        };
      }
      return undefined;
    },
    release(conn) {
      // A socket counted when it connected gives its slot back when its TCP socket closes.
      if (holding.delete(conn)) slots.release(conn.ip);
    },
  };
}
