import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HubOptions, Store } from '@kefu/sdk';
import { createConsoleHandler } from '../../agent-console/src/serve.ts';
import { bundleAgentApp } from './agent/agent-bundle.ts';
import { agentPage } from './agent/agent-page.ts';
import { findProduct } from './catalog.ts';
import { createDemoHub, DEMO_AGENTS, openDemoStore } from './hub.ts';
import { homePage, type Lang, orderPage, productImage, productPage } from './pages.ts';

/** Where `pnpm --filter @kefu/widget build` puts the widget (kefu.js, kefu-app.js). */
export const WIDGET_DIST = fileURLToPath(new URL('../../../packages/widget/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
};

export interface DemoOptions {
  /** Default 5173, or PORT; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1, or HOST. */
  host?: string;
  /** Keeps conversations across a restart of the demo (tests restart the hub on the same port). */
  store?: Store;
  secret?: string;
  hub?: Partial<HubOptions>;
}

export interface Demo {
  shopUrl: string;
  agentUrl: string;
  hubUrl: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the demo: the shop's pages, the built widget, the agent page and the hub (on `/kefu`),
 * all on one HTTP server.
 * @example
 * const demo = await startDemo({ port: 0 });
 * console.log(demo.shopUrl, demo.agentUrl);
 * await demo.close();
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  const port = options.port ?? Number(process.env.PORT ?? 5173);
  const agentApp = bundleAgentApp();
  agentApp.catch(() => {}); // reported when /agent/app.js is asked for

  const consoleHandler = createConsoleHandler({
    agents: DEMO_AGENTS.map((a) => ({ id: a.id, name: a.name, groups: [...a.groups] })),
    demoTokens: DEMO_AGENTS.map((a) => ({ name: a.name, token: a.token })),
  });
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`demo error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The agent console (and its dashboard) live beside the shop, with their own CSP.
    if (await consoleHandler(req, res)) return;
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    if (url.pathname === '/metrics') return hub.admin.serveMetrics(req, res);
    const lang: Lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh';
    const nonce = randomBytes(16).toString('base64');
    const path = url.pathname;
    const html = (body: string, status = 200) => {
      // A strict CSP, as a careful merchant would have: the widget must live with it.
      const csp = `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:; connect-src 'self' ws://${url.host} wss://${url.host}; base-uri 'none'; object-src 'none'; frame-ancestors 'none'`;
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
        'cache-control': 'no-store',
      });
      res.end(body);
    };

    if (path === '/') return html(homePage(lang, nonce));
    const product = /^\/p\/([\w-]+)$/.exec(path);
    if (product) {
      const p = findProduct(product[1]!);
      return p ? html(productPage(p, lang, url.origin, nonce)) : html('<h1>404</h1>', 404);
    }
    const order = /^\/orders\/([\w-]{1,40})$/.exec(path);
    if (order) return html(orderPage(order[1]!, lang, nonce));
    const image = /^\/img\/([\w-]+)\.svg$/.exec(path);
    if (image) {
      const p = findProduct(image[1]!);
      if (!p) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES['.svg']!, 'cache-control': 'max-age=3600' });
      return void res.end(productImage(p));
    }
    if (path === '/agent') return html(agentPage(nonce));
    if (path === '/agent/app.js') {
      res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' });
      return void res.end(await agentApp);
    }
    if (path.startsWith('/widget/')) return serveWidget(path.slice('/widget/'.length), res);
    html('<h1>404</h1>', 404);
  }

  const hubOrigins = [
    'http://127.0.0.1:*',
    'http://localhost:*',
    ...(host === '127.0.0.1' || host === 'localhost' ? [] : [`http://${host}:*`]),
  ];
  const hub = createDemoHub({
    origins: hubOrigins,
    ...(options.store ? { store: options.store } : {}),
    ...(options.secret ? { secret: options.secret } : {}),
    ...(options.hub ? { extra: options.hub } : {}),
  });
  hub.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${bound}`;
  return {
    shopUrl: `${origin}/`,
    agentUrl: `${origin}/agent`,
    hubUrl: `ws://${host}:${bound}/kefu`,
    port: bound,
    async close() {
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveWidget(file: string, res: ServerResponse): Promise<void> {
  const path = normalize(join(WIDGET_DIST, file));
  if (!path.startsWith(WIDGET_DIST) || !TYPES[extname(path)]) return void res.writeHead(404).end();
  try {
    const body = await readFile(path);
    // The demo rebuilds often; a real deployment would serve kefu-app.js with a long max-age.
    res.writeHead(200, {
      'content-type': TYPES[extname(path)]!,
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    });
    res.end(body);
  } catch {
    res
      .writeHead(404, { 'content-type': 'text/plain' })
      .end('widget not built: run pnpm --filter @kefu/widget build\n');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  // Conversations are kept in an embedded PostgreSQL (PGlite) under examples/shop/.data.
  const { store, secret, dir } = await openDemoStore();
  const demo = await startDemo({ store, secret });
  process.stdout.write(
    [
      '',
      '  Kefu Demo Shop / 客服演示店',
      '',
      `  Shop:   ${demo.shopUrl}p/merino-cardigan   (English: ?lang=en)`,
      `  Agent console: ${demo.shopUrl}console   (小美 Mei: demo-mei-7f3c9a1e5b2d8c4f, 李雷 Lei: demo-lei-2d8c4f6a0e7f3c9a)`,
      `  Supervisor dashboard: ${demo.shopUrl}console/dashboard   (王经理 Wang: demo-wang-9a1e5b2d8c4f6a0e)`,
      `  Simple agent page: ${demo.agentUrl}`,
      `  Hub:    ${demo.hubUrl}`,
      `  Data:   ${dir}   (delete it to start afresh)`,
      '',
      '  Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () =>
    void demo
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
