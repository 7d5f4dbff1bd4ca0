import type { SiteConfig } from './hub-options.ts';

/** True when a page at `origin` may connect to `site`. */
export function originAllowed(site: SiteConfig, origin: string | undefined): boolean {
  return originListed(site.origins, origin);
}

/**
 * True when `origin` matches one of `origins`, written as a site's: exact, `http://localhost:*`
 * for any port, or `*` for any origin and none.
 * @example
 * originListed(['http://localhost:*'], 'http://localhost:5173'); // true
 */
export function originListed(origins: readonly string[], origin: string | undefined): boolean {
  for (const allowed of origins) {
    if (allowed === '*') return true;
    if (origin === undefined) continue;
    if (allowed === origin) return true;
    if (
      allowed.endsWith(':*') &&
      origin.startsWith(allowed.slice(0, -1)) &&
      /^\d+$/.test(origin.slice(allowed.length - 1))
    )
      return true;
  }
  return false;
}
