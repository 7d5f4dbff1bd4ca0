import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type HubOptions, isKefuError, type OfficeHours, type Store, signIdentity } from '@kefu/sdk';
import { createLocalFolderBlobStore } from '@kefu/sdk/images';
import { createConsoleHandler } from '../../agent-console/src/serve.ts';
import { bundleAgentApp } from './agent/agent-bundle.ts';
import { agentPage } from './agent/agent-page.ts';
import { findProduct } from './catalog.ts';
import { createCustomerCookie } from './customer-cookie.ts';
import { FAVICON_SVG } from './favicon.ts';
import {
  createDemoHub,
  DEMO_AGENTS,
  demoApiKey,
  demoSecrets,
  openDemoKnowledgeBase,
  openDemoStore,
} from './hub.ts';
import { type DemoCustomer, orderPage, ordersPage } from './order-pages.ts';
import {
  createDemoOrderSystem,
  customerOrders,
  DEMO_SITE,
  SIMULATED_STEPS,
  type SimulatedStep,
} from './order-system.ts';
import { homePage, type Lang, productImage, productPage } from './pages.ts';
import { samplePhoto } from './sample-photos.ts';
import { stopOnSignals } from './stop-on-signals.ts';

/** Where `pnpm --filter @kefu/widget build` puts the widget (kefu.js, kefu-app.js). */
export const WIDGET_DIST = fileURLToPath(new URL('../../../packages/widget/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
};

async function formStep(req: IncomingMessage): Promise<string | null> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 200) return null;
  }
  return new URLSearchParams(text).get('step');
}

export interface DemoOptions {
  /** Default 5173, or PORT; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1, or HOST. */
  host?: string;
  /** Keeps conversations across a restart of the demo (tests restart the hub on the same port). */
  store?: Store;
  secret?: string;
  /** Where shoppers' photos are kept; default a fresh folder under the system's temp folder. */
  imagesDir?: string;
  /** Where the demo's order system keeps its orders' steps (shared with the simulate script); default in memory. */
  ordersFile?: string;
  /** Where the demo keeps its knowledge base and the back office's edits to it (`openDemoKnowledgeBase`); default: the shipped one, edits in memory. */
  kbFile?: string;
  hub?: Partial<HubOptions>;
  /** When agents answer; see `DemoHubOptions.agentHours` (default the knowledge base's, 09:00–22:00 China time). */
  agentHours?: OfficeHours | null;
}

export interface Demo {
  shopUrl: string;
  agentUrl: string;
  hubUrl: string;
  port: number;
  /** Whom the agent console signs in, with their tokens (fresh ones on a host others reach). */
  agents: { id: string; name: string; token: string }[];
  /** An HTTP API key (admin scope) for `/api/v1`, the same at every start on the same data. */
  apiKey: string;
  close(): Promise<void>;
}

/** Hosts only this computer reaches: the demo's pages may show its agents' tokens there. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** "name: token" of the demo's agents `ids`, for the start banner. */
const signInsOf = (demo: Demo, ids: string[]) =>
  demo.agents
    .filter((a) => ids.includes(a.id))
    .map((a) => `${a.name}: ${a.token}`)
    .join(', ');

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
  // The identity and inbound secrets derive from it (see demoSecrets), so the demo always has one.
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const secrets = demoSecrets(secret);
  const customerCookie = createCustomerCookie(secrets.customer);
  let origin = '';
  const orders = createDemoOrderSystem({
    hubUrl: () => origin,
    secret: secrets.inbound,
    ...(options.ordersFile ? { file: options.ordersFile } : {}),
  });
  // A folder of our own, when none is given, goes with the demo's close.
  const ownImages = options.imagesDir ? undefined : await mkdtemp(join(tmpdir(), 'kefu-demo-images-'));
  const images = await createLocalFolderBlobStore({ dir: options.imagesDir ?? ownImages! });
  const kb = options.kbFile ? await openDemoKnowledgeBase(options.kbFile) : undefined;
  const agentApp = bundleAgentApp();
  agentApp.catch(() => {}); // reported when /agent/app.js is asked for

  // The demo's tokens are in this repository, and its pages show them: fine on this computer alone.
  // Listening where others reach it (HOST=0.0.0.0), every start makes tokens of its own and only
  // the terminal shows them, or anyone on the network could sign in as the supervisor.
  const shared = !LOOPBACK_HOSTS.has(host);
  const agents = shared
    ? DEMO_AGENTS.map((a) => ({ ...a, token: randomBytes(16).toString('hex') }))
    : DEMO_AGENTS;
  const signIns = agents.map((a) => ({ id: a.id, name: a.name, token: a.token }));
  const consoleHandler = createConsoleHandler({
    agents: agents.map((a) => ({ id: a.id, name: a.name, groups: [...a.groups] })),
    demoTokens: shared ? [] : signIns.map(({ name, token }) => ({ name, token })),
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
    // The hub's HTTP API (the order system's signed events land here) and its photo routes.
    if (await hub.http.handle(req, res)) return;
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
    if (path === '/orders' || path.startsWith('/orders/'))
      return serveOrders(req, res, url, lang, nonce, html);
    const sample = /^\/samples\/(damaged|intact)-parcel\.jpg$/.exec(path);
    if (sample) {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'max-age=3600' });
      return void res.end(await samplePhoto(sample[1] as 'damaged' | 'intact'));
    }
    const image = /^\/img\/([\w-]+)\.svg$/.exec(path);
    if (image) {
      const p = findProduct(image[1]!);
      if (!p) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES['.svg']!, 'cache-control': 'max-age=3600' });
      return void res.end(productImage(p));
    }
    if (path === '/favicon.ico') {
      // Pages carry the icon inline; this is for whatever asks the conventional path anyway.
      res.writeHead(200, { 'content-type': TYPES['.svg']!, 'cache-control': 'max-age=86400' });
      return void res.end(FAVICON_SVG);
    }
    if (path === '/agent') return html(agentPage(nonce, shared ? [] : signIns));
    if (path === '/agent/app.js') {
      res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' });
      return void res.end(await agentApp);
    }
    if (path.startsWith('/widget/')) return serveWidget(path.slice('/widget/'.length), req, res);
    html('<h1>404</h1>', 404);
  }

  /** "My orders", an order page (with the simulator for the customer's own), and the simulator's posts. */
  async function serveOrders(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    lang: Lang,
    nonce: string,
    html: (body: string, status?: number) => void,
  ): Promise<void> {
    let customer = customerCookie.read(req);
    if (!customer) {
      customer = randomBytes(4).toString('hex').toUpperCase();
      res.setHeader('set-cookie', customerCookie.issue(customer));
    }
    const mine = customerOrders(customer);
    const signedIn: DemoCustomer = {
      id: customer,
      token: signIdentity({ id: customer, name: `Demo ${customer}` }, secrets.identity, {
        audience: DEMO_SITE,
      }),
    };
    if (url.pathname === '/orders')
      return html(
        ordersPage(
          mine.map((id) => orders.lookup(id, lang)),
          signedIn,
          lang,
          nonce,
        ),
      );
    const simulate = /^\/orders\/([\w-]{1,40})\/simulate$/.exec(url.pathname);
    if (simulate && req.method === 'POST') {
      const orderId = simulate[1]!;
      const step = await formStep(req);
      if (!mine.includes(orderId) || !SIMULATED_STEPS.includes(step as SimulatedStep)) {
        res.writeHead(400, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: 'not your order, or no such step' }));
      }
      const sent = await orders.simulate(customer, orderId, step as SimulatedStep, lang);
      if (!/json/.test(req.headers.accept ?? '')) {
        res.writeHead(303, { location: `/orders/${orderId}${lang === 'en' ? '?lang=en' : ''}` });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(sent.map((s) => s.body)));
    }
    const order = /^\/orders\/([\w-]{1,40})$/.exec(url.pathname);
    if (!order) return html('<h1>404</h1>', 404);
    const orderId = order[1]!;
    // The order page asks again when a notice arrives, so its card moves on without a reload.
    if (/json/.test(req.headers.accept ?? '')) {
      if (!mine.includes(orderId)) return html('<h1>404</h1>', 404);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(JSON.stringify(orders.lookup(orderId, lang)));
    }
    return html(
      orderPage(
        orders.lookup(orderId, lang),
        lang,
        nonce,
        {
          ...signedIn,
          owns: mine.includes(orderId),
        },
        origin,
      ),
    );
  }

  const hubOrigins = [
    'http://127.0.0.1:*',
    'http://localhost:*',
    ...(host === '127.0.0.1' || host === 'localhost' ? [] : [`http://${host}:*`]),
  ];
  const hub = createDemoHub({
    origins: hubOrigins,
    orders,
    images,
    secret,
    agents,
    ...(kb ? { kb } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.hub ? { extra: options.hub } : {}),
    ...(options.agentHours === undefined ? {} : { agentHours: options.agentHours }),
  });
  hub.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  origin = `http://${host}:${bound}`;
  return {
    shopUrl: `${origin}/`,
    agentUrl: `${origin}/agent`,
    hubUrl: `ws://${host}:${bound}/kefu`,
    port: bound,
    agents: signIns,
    apiKey: demoApiKey(secret),
    async close() {
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownImages) await rm(ownImages, { recursive: true, force: true });
    },
  };
}

async function serveWidget(file: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = normalize(join(WIDGET_DIST, file));
  if (!path.startsWith(WIDGET_DIST) || !TYPES[extname(path)]) return void res.writeHead(404).end();
  try {
    const body = await readFile(path);
    // Gzipped, as a CDN serves it: the widget's byte budgets are gzip sizes, and the app sent raw
    // (58 KB, not 22) kept a shopper on a slow phone network waiting about 10 s after the tap.
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding']));
    // The demo rebuilds often; a real deployment would serve kefu-app.js with a long max-age.
    res.writeHead(200, {
      'content-type': TYPES[extname(path)]!,
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(gzip ? gzipSync(body) : body);
  } catch {
    res
      .writeHead(404, { 'content-type': 'text/plain' })
      .end('widget not built: run pnpm --filter @kefu/widget build\n');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  // Conversations are kept in an embedded PostgreSQL (PGlite) under examples/shop/.data.
  const { store, secret, dir } = await openDemoStore().catch(cannotStart);
  const demo = await startDemo({
    store,
    secret,
    imagesDir: join(dir, 'images'),
    ordersFile: join(dir, 'orders.json'),
    kbFile: join(dir, 'kb.json'),
  }).catch(cannotStart);
  process.stdout.write(
    [
      '',
      '  Kefu Demo Shop / 客服演示店',
      '',
      `  Shop:   ${demo.shopUrl}p/merino-cardigan   (English: ?lang=en)`,
      `  Agent console: ${demo.shopUrl}console   (${signInsOf(demo, ['mei', 'lei'])})`,
      `  Supervisor dashboard: ${demo.shopUrl}console/dashboard   (${signInsOf(demo, ['boss'])})`,
      `  My orders (order event simulator): ${demo.shopUrl}orders`,
      `  Simple agent page: ${demo.agentUrl}`,
      `  Hub:    ${demo.hubUrl}`,
      `  HTTP API: ${demo.shopUrl}api/v1   (docs: ${demo.shopUrl}openapi.json)`,
      `    curl -H 'authorization: Bearer ${demo.apiKey}' ${demo.shopUrl}api/v1/conversations`,
      `  Data:   ${dir}   (delete it to start afresh)`,
      '',
      '  Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  stopOnSignals(async () => {
    await demo.close();
    await store.close();
  });
}

/**
 * Why the demo could not start, in a line a newcomer can act on, instead of a stack trace: the
 * usual causes are a demo already running (its port, or its data, which a second one would corrupt).
 */
function cannotStart(error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  const port = process.env.PORT ?? '5173';
  if (code === 'EADDRINUSE')
    process.stderr.write(
      `\n  Port ${port} is in use (a demo already running, or another program).\n  Stop it, or start this one on another port: PORT=${Number(port) + 1} npx -y pnpm@10.34.8 demo\n\n`,
    );
  else if (isKefuError(error) && error.code === 'conflict')
    process.stderr.write(
      `\n  ${error.message}.\n  A demo is already running on this data: stop it (Ctrl+C in its terminal), or give this one its own: KEFU_DATA=/tmp/kefu-demo-2 PORT=${Number(port) + 1} npx -y pnpm@10.34.8 demo\n\n`,
    );
  else throw error;
  process.exit(1);
}
