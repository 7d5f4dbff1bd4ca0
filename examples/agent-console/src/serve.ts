import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bundleConsole } from './bundle.ts';
import type { ConsoleConfig } from './console-config.ts';
import { consolePage } from './page.ts';

export interface ConsoleHandlerOptions extends Partial<ConsoleConfig> {
  /** A bundle made elsewhere (tests share one); default: built at start, in memory. */
  bundle?: Promise<string>;
}

/**
 * Serves the agent console at `/console`, the supervisor dashboard at `/console/dashboard`, the knowledge page at `/console/knowledge`
 * (the same page; the app picks the view), with its script at `/console/app.js`. The handler
 * resolves true when it answered, false when the request is not the console's, so it mounts
 * beside other routes.
 * @example
 * const consoleHandler = createConsoleHandler({ agents: [{ id: 'lei', name: 'Lei' }] });
 * createServer(async (req, res) => {
 *   if (await consoleHandler(req, res)) return;
 *   shop(req, res);
 * });
 */
export function createConsoleHandler(options: ConsoleHandlerOptions = {}) {
  const { bundle: given, ...rest } = options;
  const config: ConsoleConfig = { ...rest, base: (options.base ?? '/console').replace(/\/$/, '') };
  const base = config.base;
  const bundle = given ?? bundleConsole();
  bundle.catch(() => {}); // reported when app.js is asked for

  return async function consoleHandler(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    // `GET //[` is no URL: a throw here rejected, and a server mounting the handler as the example
    // above (no catch) ended its process on the unhandled rejection. Not the console's: passed on.
    const path = URL.parse(req.url ?? '/', 'http://console')?.pathname;
    if (path === undefined) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path === `${base}/app.js`) {
      try {
        const code = await bundle;
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : code);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`agent console bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      return true;
    }
    if (![base, `${base}/`, `${base}/dashboard`, `${base}/knowledge`].includes(path)) return false;
    const nonce = randomBytes(16).toString('base64');
    // A strict CSP: the console renders shopper text, so nothing but its own script may run.
    const csp = [
      "default-src 'self'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      // Photos come from the hubs (signed URLs); a picked file shows from a blob: URL before it is sent.
      `img-src 'self' data: blob: ${hubHttpSources(config).join(' ')}`.trimEnd(),
      // Only the hubs (and metrics) the config names: the agent's token must not reach any other host.
      `connect-src ${[...new Set([...connectSources(config), ...hubHttpSources(config)])].join(' ')}`,
      "base-uri 'none'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; ');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : consolePage(config, nonce, `${base}/app.js`));
    return true;
  };
}

/** 'self' (the default hub, `/kefu` on this host) plus the origin of each hub and metrics URL the config names. */
function connectSources(config: ConsoleConfig): string[] {
  const sources = new Set(["'self'"]);
  for (const value of [config.hub, ...(config.hubs ?? []), config.metricsUrl]) {
    if (!value) continue;
    try {
      const url = new URL(value);
      // A CSP source is an origin; the page's URL parsing would accept more than CSP does.
      if (/^(wss?|https?):$/.test(url.protocol)) sources.add(`${url.protocol}//${url.host}`);
    } catch {
      // relative: on this host, which 'self' covers
    }
  }
  return [...sources];
}

/** The HTTP origins of the hubs the config names (ws → http, wss → https): uploads and images. */
function hubHttpSources(config: ConsoleConfig): string[] {
  const sources = new Set<string>();
  for (const value of [config.hub, ...(config.hubs ?? [])]) {
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.protocol === 'ws:' || url.protocol === 'http:') sources.add(`http://${url.host}`);
      else if (url.protocol === 'wss:' || url.protocol === 'https:') sources.add(`https://${url.host}`);
    } catch {
      // relative: on this host, which 'self' covers
    }
  }
  return [...sources];
}
