import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod';
import type { Clock } from '../clock.ts';
import { knownKeysAt, meantKey } from '../config/known-keys.ts';
import type { HubAdmin } from '../hub/admin.ts';
import type { ApiKeyInfo } from '../hub/api-keys.ts';
import { createCors } from '../hub/cors.ts';
import type { ProactiveApi } from '../hub/proactive-api.ts';
import { jsonShapeProblem, MAX_JSON_DEPTH, MAX_JSON_KEYS } from '../json-shape.ts';
import type { Logger } from '../logger.ts';
import { quotedInput, quotedList } from '../quoted-input.ts';
import type { ApiKeyScope } from '../store/api-keys.ts';
import { HttpError, sendError, sendJson } from './api-error.ts';
import { describeIssue } from './describe-issue.ts';
import { checkInboundSignature, requireInboundSecret } from './inbound-signature.ts';
import { duplicateJsonKey } from './json-duplicate-key.ts';
import { notModified, PreparedJson } from './prepared-json.ts';
import { readBody } from './read-body.ts';
import { requestUrl } from './request-url.ts';
import type { AnyRoute } from './route.ts';
import { refuseUnstorable } from './storable-input.ts';

export interface RouterDeps {
  /** Paths this hub would serve with an option it lacks, and what to set (the photo upload without `images`). */
  notServed?: ReadonlyMap<string, string>;
  admin: HubAdmin;
  proactive: ProactiveApi;
  clock: Clock;
  /** What signed routes are checked with (`http.inboundSecret`). */
  inboundSecret: string | undefined;
  /** Throws a 429 when the sender of a signed request is over its rate (see `createInboundRateLimit`). */
  limitSigned?: (req: IncomingMessage) => void;
  authenticate: (req: IncomingMessage, scope: ApiKeyScope) => Promise<ApiKeyInfo>;
  maxBodyBytes: number;
  /** Whether a page at this origin may call the API from a browser (`http.corsOrigins`); default none. */
  corsAllowed?: (origin: string) => boolean;
  logger: Logger;
  reportError: (error: unknown, where: string) => void;
}

/** What a page calling the API sends beside the safelisted headers: its key, a JSON body, the ETag it holds. */
const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'If-None-Match'];
/** What a page may read of the answer beside the safelisted headers: when to retry after a 429, the ETag. */
const CORS_EXPOSED_HEADERS = ['Retry-After', 'ETag'];

/** Paths under this prefix that match no route answer a JSON 404 rather than falling through. */
export const API_PREFIX = '/api';

interface CompiledRoute {
  route: AnyRoute;
  pattern: RegExp;
  /** The same, ignoring case: only to name the path meant in a 404. */
  loosePattern: RegExp;
  names: string[];
}

/**
 * Serves the declared routes: `handle` resolves true when it answered the request, false when
 * the path is none of its own (so the caller's fallback answers).
 * @example
 * const handle = createRouter(routes, deps);
 * server.on('request', async (req, res) => { if (!(await handle(req, res))) res.writeHead(404).end(); });
 */
export function createRouter(
  routes: readonly AnyRoute[],
  deps: RouterDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const compiled = routes.map(compile);
  // One CORS answerer per set of methods a path takes (a handful), made on first use.
  const corsOf = new Map<string, ReturnType<typeof createCors>>();
  const corsFor = (methods: string[]) => {
    const key = methods.join(', ');
    let cors = corsOf.get(key);
    if (!cors) {
      cors = createCors({
        allowed: deps.corsAllowed ?? (() => false),
        methods,
        headers: CORS_REQUEST_HEADERS,
        expose: CORS_EXPOSED_HEADERS,
        listedIn: 'http.corsOrigins',
      });
      corsOf.set(key, cors);
    }
    return cors;
  };
  return async (req, res) => {
    const url = requestUrl(req);
    if (!url) return false;
    const path = url.pathname;
    const matches = compiled.flatMap((c) => {
      const m = c.pattern.exec(path);
      return m ? [{ c, values: m.slice(1) }] : [];
    });
    const isApi = path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
    if (matches.length === 0 && !isApi) return false;
    // HEAD is GET without the body (Node leaves the body out by itself); some balancers probe with it.
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const found = matches.find((m) => m.c.route.method === method);
    const methods = [...new Set(matches.map((m) => m.c.route.method))];
    const cors = corsFor(methods);
    if (req.method === 'OPTIONS' && matches.length > 0) {
      cors.preflight(req, res);
      return true;
    }
    // Before anything can fail: a page on an allowed origin reads the typed refusal too.
    cors.grant(req, res);
    let key: ApiKeyInfo | null = null;
    let status = 500;
    let threw = false;
    try {
      // Before the method is looked at: a malformed id is the same 400 on every route and method
      // (a GET on a PATCH-only path answered 405 for `%00`, `%zz` alike, as if the path were fine).
      const decoded = matches.map(({ c, values }) =>
        Object.fromEntries(c.names.map((n, i) => [n, decodeSegment(values[i] ?? '')])),
      );
      for (const params of decoded) refuseUnstorable(params, 'path');
      if (!found) {
        if (matches.length === 0)
          throw new HttpError(
            404,
            'not_found',
            `no endpoint ${quotedInput(path)}${deps.notServed?.has(path) ? `: ${deps.notServed.get(path)}` : didYouMean(compiled, path)}`,
          );
        const allow = methods.join(', ');
        throw new HttpError(
          405,
          'invalid_frame',
          `${req.method} is not allowed here; use ${allow}${writesOne(compiled, matches[0]!.c, req.method)}`,
          {
            allow,
          },
        );
      }
      const { route } = found.c;
      if (route.scope) key = await deps.authenticate(req, route.scope);
      if (route.signed) {
        deps.limitSigned?.(req);
        requireInboundSecret(deps.inboundSecret);
      }
      const params = parse(route.params, decoded[matches.indexOf(found)], 'path');
      const rawQuery = queryObject(url.searchParams);
      refuseUnstorable(rawQuery, 'query');
      const query = parse(route.query, rawQuery, 'query');
      let body: unknown;
      let contentType: string | undefined;
      if (route.body) {
        const types = route.bodyTypes ?? ['application/json'];
        const cap = Math.min(route.maxBodyBytes ?? Infinity, deps.maxBodyBytes);
        const read = await readBody(
          req,
          types,
          cap,
          route.decodeBody,
          // A route's own tighter cap is no setting of the operator's.
          cap === deps.maxBodyBytes ? 'http.maxBodyBytes' : undefined,
        );
        // On the raw text, before parsing: the signature is over the exact bytes sent.
        if (route.signed)
          checkInboundSignature(
            deps.inboundSecret,
            req.headers['kefu-signature'],
            read.text,
            deps.clock.now(),
          );
        contentType = read.type;
        const rawBody = route.bodyTypes ? read.text : parseJson(read.text);
        refuseUnstorable(rawBody, 'body');
        body = parse(route.body, rawBody, 'body');
      }
      status = route.status ?? 200;
      // Parsed on the way out too: the answer is exactly the documented shape, never an internal field.
      const answer = await route.handle({
        params,
        query,
        body,
        key,
        contentType,
        admin: deps.admin,
        proactive: deps.proactive,
        now: () => deps.clock.now(),
        status: (code) => {
          status = code;
        },
      });
      // Bytes prepared once were parsed when made: parsing 10,000 entries again cost each request.
      const result = answer instanceof PreparedJson ? answer : route.response.parse(answer);
      const wantsCsv =
        url.searchParams.get('format') === 'csv' || /\btext\/csv\b/.test(req.headers.accept ?? '');
      if (route.csv && wantsCsv) {
        const text = route.csv(result);
        res
          .writeHead(status, { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store' })
          .end(text);
      } else if (status === 204) res.writeHead(204).end();
      else if (route.etag && result instanceof PreparedJson && status === 200) {
        const validator = { etag: result.etag };
        if (notModified(req.headers['if-none-match'], result.etag)) {
          status = 304;
          res.writeHead(304, { ...validator, 'cache-control': 'no-store' }).end();
        } else sendJson(res, status, result, validator);
      } else sendJson(res, status, result);
    } catch (error) {
      threw = true;
      ({ status } = sendError(res, error));
      if (status >= 500) deps.reportError(error, `http ${found?.c.route.path ?? path}`);
    }
    // The route's template, never the path itself: ids and query strings stay out of the logs.
    // Probes come every few seconds from every balancer: kept out of the info log. A health probe
    // that answers "not ready" did its job: the hub logs the change of state once (`hub.unready`).
    const route = found?.c.route;
    const probe = route?.scope === null && (status < 400 || (route.tag === 'health' && !threw));
    deps.logger.log(probe ? 'debug' : status >= 500 ? 'error' : 'info', 'http.request', {
      method: req.method ?? '',
      route: found?.c.route.path ?? (isApi ? `${API_PREFIX}/*` : ''),
      status,
      key: key?.id,
    });
    return true;
  };
}

/**
 * A write to a collection (POST /kb/entries) whose items are written at their own path: names
 * that path, since "use GET" alone left a caller adding an entry without a way forward.
 */
function writesOne(
  compiled: readonly CompiledRoute[],
  at: CompiledRoute,
  method: string | undefined,
): string {
  if (method !== 'POST' && method !== 'PUT') return '';
  const { path } = at.route;
  const item = compiled.find(
    (c) =>
      c.route.method === 'PUT' &&
      c.route.path.startsWith(path) &&
      /^\/\{\w+\}$/.test(c.route.path.slice(path.length)),
  );
  return item ? ` (to add or replace one: PUT ${item.route.path})` : '';
}

function compile(route: AnyRoute): CompiledRoute {
  // The signature is checked on the body, in place of a key: without one, the route would be open.
  if (route.signed && (route.scope !== null || !route.body))
    throw new TypeError(`${route.method} ${route.path}: a signed route has a body and scope null`);
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), loosePattern: new RegExp(`^${source}$`, 'i'), names };
}

/**
 * For a path that matches no route only by its slashes or the case of its fixed parts
 * (`/api/v1/tickets/`, `/api//v1/tickets`, `/api/V1/Tickets`): the path it would match, as a hint.
 * Not served as that path: a client that writes it otherwise is told once, and ids keep their case.
 */
function didYouMean(compiled: readonly CompiledRoute[], path: string): string {
  const tidy = path.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  for (const c of compiled) {
    const m = c.loosePattern.exec(tidy);
    if (!m) continue;
    let i = 1;
    const meant = c.route.path.replace(/\{\w+\}/g, () => m[i++] ?? '');
    return meant === path ? '' : ` (did you mean ${quotedInput(meant)}?)`;
  }
  return '';
}

/** Query parameters as an object; a parameter given twice is refused (which one would count?). */
function queryObject(params: URLSearchParams): Record<string, string> {
  // No prototype: `constructor` or `__proto__` is a name like any other, not one already there.
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of params) {
    if (Object.hasOwn(out, name))
      throw new HttpError(400, 'invalid_frame', `query parameter ${quotedInput(name)} is given twice`);
    out[name] = value;
  }
  return out;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'invalid_frame', 'the path is not valid percent-encoding');
  }
}

function parseJson(text: string): unknown {
  const shape = jsonShapeProblem(text, { maxDepth: MAX_JSON_DEPTH, maxKeys: MAX_JSON_KEYS });
  if (shape === 'depth')
    throw new HttpError(
      400,
      'invalid_frame',
      `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`,
    );
  if (shape === 'keys')
    throw new HttpError(400, 'invalid_frame', `the body has an object of more than ${MAX_JSON_KEYS} keys`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_frame', 'the body is not valid JSON');
  }
  const twice = duplicateJsonKey(text);
  if (twice !== undefined)
    throw new HttpError(
      400,
      'invalid_frame',
      `the body gives the key "${quotedInput(twice)}" twice in one object`,
    );
  return value;
}

/** ` (did you mean agentId?)` for the unknown keys that are a typo of a known one, else nothing. */
function meantKeys(unknown: readonly string[], known: readonly string[]): string {
  const meant = [...new Set(unknown.map((k) => meantKey(k, known)).filter((k) => k !== undefined))];
  return meant.length ? ` (did you mean ${meant.join(', ')}?)` : '';
}

/** Parses one part of the request; a missing schema means the part must be empty. */
function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query' | 'body'): unknown {
  if (!schema) {
    if (where === 'query' && Object.keys(value as object).length > 0)
      throw new HttpError(
        400,
        'invalid_frame',
        `unknown query parameters: ${quotedList(Object.keys(value as object))} (this route takes none)`,
      );
    return value;
  }
  // reportInput: a query's comma-separated list is split before it is checked, so the value an
  // issue names (`status.1`) is in the issue, not at its path in the query.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  let guessed = false;
  const issues = result.error.issues
    .slice(0, 10)
    .map((i) => {
      const path = [where, ...i.path.map((p) => quotedInput(String(p)))].join('.');
      // A key one edit off (`limt`, `agentID`) is named with the one it was meant to be, as in a config file.
      const meant = i.code === 'unrecognized_keys' ? meantKeys(i.keys, knownKeysAt(schema, i.path)) : '';
      if (meant) guessed = true;
      return `${path}: ${describeIssue(i, value, path)}${meant}`;
    })
    .join('; ');
  // A misspelt query parameter nothing is near (`colour`): name the ones the route reads.
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  const misspelt =
    where === 'query' && shape && !guessed && result.error.issues.some((i) => i.code === 'unrecognized_keys');
  const hint = misspelt ? ` (query parameters here: ${Object.keys(shape).join(', ')})` : '';
  throw new HttpError(400, 'invalid_frame', `invalid request: ${issues}${hint}`);
}
