/** What the server tells the page (a JSON script tag), so one bundle serves any mount point. */
export interface ConsoleConfig {
  /** Where the console is mounted, e.g. `/console`. */
  base: string;
  /** The hub's WebSocket URL; default `ws(s)://<this host>/kefu`. */
  hub?: string;
  /**
   * Other hubs (ws(s) URLs) that `?hub=` may pick. The agent's token goes only to `hub` or one of
   * these: a link naming any other hub is ignored, with a notice, so it cannot collect tokens.
   */
  hubs?: string[];
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

/** The hub the console connects to, and the `?hub=` it ignored (not one of the configured hubs), if any. */
export interface HubChoice {
  url: string;
  ignored?: string;
}

/**
 * The hub URL the console connects to: `?hub=` when it names the configured hub or one of
 * `hubs`, else the configured one, else `/kefu` on this host (http(s) URLs become ws(s)).
 * @example
 * resolveHubUrl({ href: 'https://desk.example/console?hub=wss://evil.example', search: '?hub=wss://evil.example' }, {});
 * // → { url: 'wss://desk.example/kefu', ignored: 'wss://evil.example' }
 */
export function resolveHubUrl(
  location: { href: string; search: string },
  config: Pick<ConsoleConfig, 'hub' | 'hubs'>,
): HubChoice {
  const url =
    asWebSocketUrl(config.hub ?? '/kefu', location.href) ??
    new URL('/kefu', location.href).href.replace(/^http/, 'ws');
  const asked = new URLSearchParams(location.search).get('hub');
  if (!asked) return { url };
  const allowed = new Set([url, ...(config.hubs ?? []).map((h) => asWebSocketUrl(h, location.href))]);
  const wanted = asWebSocketUrl(asked, location.href);
  if (wanted && allowed.has(wanted)) return { url: wanted };
  // Cut for the notice: the parameter is whatever the link's author wrote.
  return { url, ignored: asked.slice(0, 200) };
}

/** `value` as an absolute ws(s) URL (http(s) mapped to ws(s)); undefined when it is neither. */
function asWebSocketUrl(value: string, base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return undefined;
  return url.href;
}
