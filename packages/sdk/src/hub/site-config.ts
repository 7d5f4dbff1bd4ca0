import { isLanguageTag } from '@kefu/protocol';
import { originPatternProblem } from './origin-pattern.ts';

/** A shop that may embed the widget. */
export interface SiteConfig {
  /** Public site key, as in `<script data-site="…">`. */
  key: string;
  /**
   * Page origins allowed to connect, e.g. `https://shop.example`. `http://localhost:*` matches any
   * port; `*` allows any origin and connections without one (development only).
   */
  origins: string[];
  /** Secret shared with the merchant's server to sign shopper identities (HS256 JWTs or `signIdentity`), with `aud` = this key. */
  identitySecret?: string;
  name?: string;
  /**
   * The shop's language (e.g. `zh-CN`), for a shopper whose own is not known yet: a notification
   * or an order event to someone who never chatted gets its templates and buttons in it. Default
   * English; a shopper's own language (their conversation's, else their profile's) always wins.
   */
  locale?: string;
}

/** A BCP 47-shaped language tag, as the protocol's `locale` fields take (up to 35 characters). */

/**
 * The sites by key; each problem of each site (every bad origin too) goes to `report`, so a
 * merchant's hand-written list is corrected in one pass (`HubOptionsError` names them all).
 */
export function resolveSites(
  given: readonly SiteConfig[],
  report: (problem: string) => void,
): Map<string, SiteConfig> {
  const sites = new Map<string, SiteConfig>();
  for (const [i, site] of given.entries()) {
    const validKey = typeof site?.key === 'string' && /^[\w-]{1,64}$/.test(site.key);
    if (!validKey) report(`sites[${i}].key must be 1–64 letters, digits, "_" or "-"`);
    if (!Array.isArray(site?.origins) || site.origins.length === 0)
      report(`sites[${i}].origins must list the page origins allowed to connect (or ["*"] for development)`);
    else
      for (const [j, origin] of site.origins.entries()) {
        const problem = originPatternProblem(origin);
        if (problem) report(`sites[${i}].origins[${j}] ${JSON.stringify(origin)} ${problem}`);
      }
    if (validKey && sites.has(site.key)) report(`sites[${i}].key "${site.key}" is listed twice`);
    if (
      site?.identitySecret !== undefined &&
      (typeof site.identitySecret !== 'string' || site.identitySecret.length < 16)
    )
      report(`sites[${i}].identitySecret must be at least 16 characters`);
    if (site?.locale !== undefined && (typeof site.locale !== 'string' || !isLanguageTag(site.locale)))
      report(`sites[${i}].locale must be a language tag such as "zh-CN" or "en" (up to 35 characters)`);
    if (validKey && !sites.has(site.key)) sites.set(site.key, site);
  }
  return sites;
}
