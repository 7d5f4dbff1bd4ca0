import type { IncomingMessage, ServerResponse } from 'node:http';
import { KefuError } from '@kefu/protocol';
import * as z from 'zod';
import type { Clock } from '../clock.ts';
import type { HubAdmin } from '../hub/admin.ts';
import { createCors } from '../hub/cors.ts';
import { originListed } from '../hub/origins.ts';
import type { ProactiveApi } from '../hub/proactive-api.ts';
import type { Logger } from '../logger.ts';
import { createApiAuth } from './api-auth.ts';
import { sendError } from './api-error.ts';
import type { ResolvedHttpApiOptions } from './http-options.ts';
import { createInboundRateLimit } from './inbound-rate-limit.ts';
import { openApiDocument } from './openapi.ts';
import { PreparedJson } from './prepared-json.ts';
import { type AnyRoute, defineRoute } from './route.ts';
import { createRouter } from './router.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { conversationRoutes } from './routes/conversation-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { knowledgeRoutes } from './routes/knowledge-routes.ts';
import { proactiveRoutes } from './routes/proactive-routes.ts';
import { ticketRoutes } from './routes/ticket-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';

/** Where photos are posted (hub/image-routes.ts serves it when the hub has `images`). */
const UPLOAD_PATH = '/api/v1/uploads';
const NO_PHOTOS =
  'this hub takes no photos: set its images option (images: { store: { folder: … } } in the config, and npm install sharp; docs/photos.md)';

/** The hub's HTTP API, to mount on your own server (the hub's `listen` serves it already). */
export interface HttpApi {
  /**
   * Answers the request if it is the API's (`/api/…`, `/openapi.json`, `/healthz`, `/readyz`)
   * and resolves true; resolves false, touching nothing, for any other path.
   * @example
   * createServer(async (req, res) => { if (!(await hub.http.handle(req, res))) res.writeHead(404).end(); });
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /**
   * The same as Connect/Express middleware: other paths go on to `next`.
   * @example
   * app.use(hub.http.middleware()); // before any body parser: the API reads its own bodies
   */
  middleware(): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  /** The OpenAPI 3.1 document, as served at `/openapi.json`. */
  document(): unknown;
}

/** Every route of the API; a new resource adds its list here. */
export const API_ROUTES: readonly AnyRoute[] = [
  ...healthRoutes,
  ...conversationRoutes,
  ...ticketRoutes,
  ...knowledgeRoutes,
  ...adminRoutes,
  ...webhookRoutes,
  ...proactiveRoutes,
];

/**
 * Builds the API on a hub's back office.
 * @example
 * const api = createHttpApi({ admin, proactive, options: o.http, clock, logger, reportError });
 */
export function createHttpApi(deps: {
  admin: HubAdmin;
  proactive: ProactiveApi;
  options: ResolvedHttpApiOptions;
  clock: Clock;
  logger: Logger;
  reportError: (error: unknown, where: string) => void;
  /** Proxies trusted in front of the hub (`HubOptions.trustProxy`): who sent a signed request. */
  trustProxy?: number;
  /** Routes outside the declared API that read raw bodies (the photo upload and image URLs), tried first. */
  raw?: { handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> } | undefined;
  /** Pages that may post photos (the sites' origins): without `raw`, they are told this hub takes none. */
  uploadOrigins?: (origin: string) => boolean;
}): HttpApi {
  // Built on first use (most hubs never serve it), then kept: it depends only on the declarations.
  let document: unknown;
  const documentOf = () => {
    document ??= openApiDocument(routes, { title: 'Kefu hub API', version: '1.0.0' });
    return document;
  };
  // Sent as bytes serialised once: it needs no key, and serialising it per request (~2.5 ms for
  // 111 KB) let one address pipelining it keep the event loop busy.
  let prepared: PreparedJson | undefined;
  const documentRoute = defineRoute({
    method: 'GET',
    path: '/openapi.json',
    scope: null,
    tag: 'meta',
    summary: 'This document (OpenAPI 3.1)',
    response: z.unknown(),
    handle: async () => (prepared ??= new PreparedJson(documentOf())),
  });
  const routes = [...API_ROUTES, documentRoute];
  const route = createRouter(routes, {
    // The agent client's uploadImage (and the widget's photos) post here; without `images` nothing does.
    ...(deps.raw ? {} : { notServed: new Map([[UPLOAD_PATH, NO_PHOTOS]]) }),
    admin: deps.admin,
    proactive: deps.proactive,
    clock: deps.clock,
    inboundSecret: deps.options.inboundSecret,
    limitSigned: createInboundRateLimit({
      rateLimit: deps.options.rateLimit,
      clock: deps.clock,
      trustProxy: deps.trustProxy ?? 0,
    }),
    authenticate: createApiAuth({
      keys: deps.admin.apiKeys,
      rateLimit: deps.options.rateLimit,
      clock: deps.clock,
      trustProxy: deps.trustProxy ?? 0,
    }),
    maxBodyBytes: deps.options.maxBodyBytes,
    corsAllowed: (origin) => originListed(deps.options.corsOrigins, origin),
    logger: deps.logger,
    reportError: deps.reportError,
  });
  const raw = deps.raw ?? (deps.uploadOrigins && noPhotos(deps.uploadOrigins));
  const handle = raw
    ? async (req: IncomingMessage, res: ServerResponse) => (await raw.handle(req, res)) || route(req, res)
    : route;
  return {
    handle,
    middleware: () => (req, res, next) => {
      handle(req, res).then(
        (handled) => {
          if (!handled) next();
        },
        (error: unknown) => next(error),
      );
    },
    document: documentOf,
  };
}

/**
 * The photo upload of a hub without `images`, for the pages that may post there: the widget offers
 * photos whatever the hub, and a 404 without CORS (a blocked preflight, on a shop of another
 * origin) it took for a network fault, retrying the photo for ever while the shopper's next
 * messages waited behind it. A typed 403 with the CORS grant is final: the photo is marked not sent.
 */
function noPhotos(allowed: (origin: string) => boolean) {
  const cors = createCors({
    allowed,
    methods: ['POST'],
    headers: ['Authorization', 'Content-Type'],
    listedIn: "a site's origins",
  });
  return {
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      // The path as sent, not parsed: a request line that is no URL is the router's to refuse.
      if ((req.url ?? '').split('?')[0] !== UPLOAD_PATH) return false;
      if (req.method === 'OPTIONS') cors.preflight(req, res);
      else {
        cors.grant(req, res);
        // Not read: the connection cannot carry another request.
        res.setHeader('connection', 'close');
        sendError(res, new KefuError('forbidden', NO_PHOTOS));
      }
      return true;
    },
  };
}
