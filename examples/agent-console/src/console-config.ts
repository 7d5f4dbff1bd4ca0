/** What the server tells the page (a JSON script tag), so one bundle serves any mount point. */
export interface ConsoleConfig {
  /** Where the console is mounted, e.g. `/console`. */
  base: string;
  /** The hub's WebSocket URL; default `ws(s)://<this host>/kefu`. `?hub=` overrides it. */
  hub?: string;
  /** The hub's Prometheus endpoint, for the dashboard's link and its agents-online figures. */
  metricsUrl?: string;
  /** Colleagues to transfer to (ids and names only, never tokens). */
  agents?: { id: string; name: string; groups?: string[] }[];
  /** Skill groups to transfer to. */
  groups?: string[];
  /** Sign-in shortcuts for a demo: shown on the sign-in form. Never set this in production. */
  demoTokens?: { name: string; token: string }[];
}

export const CONFIG_ELEMENT_ID = 'kefu-console-config';

/** The hub URL the console connects to: `?hub=` if it is a ws(s) URL, else the configured one, else `/kefu` on this host. */
export function resolveHubUrl(location: { href: string; search: string }, configured?: string): string {
  const asked = new URLSearchParams(location.search).get('hub');
  if (asked) {
    try {
      const url = new URL(asked, location.href);
      if (url.protocol === 'ws:' || url.protocol === 'wss:') return url.href;
    } catch {
      // not a URL: fall through to the default
    }
  }
  const url = new URL(configured ?? '/kefu', location.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.href;
}
