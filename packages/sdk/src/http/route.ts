import type * as z from 'zod';
import type { HubAdmin } from '../hub/admin.ts';
import type { ApiKeyInfo } from '../hub/api-keys.ts';
import type { ProactiveApi } from '../hub/proactive-api.ts';
import type { ApiKeyScope } from '../store/api-keys.ts';
import type { PreparedJson } from './prepared-json.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler gets: the request's parts, parsed by the route's schemas, and the back office. */
export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The caller's key; null on routes without a scope. */
  key: ApiKeyInfo | null;
  /** The media type the body came as (for routes that take several). */
  contentType: string | undefined;
  admin: HubAdmin;
  /** Messages the shop starts and order events (`hub.notify`, `hub.orderEvent`). */
  proactive: ProactiveApi;
  /** The hub's clock (e.g. for a Retry-After). */
  now(): number;
  /** Answers with this status instead of the route's (e.g. 503 from `/readyz`). */
  status(code: number): void;
}

/**
 * One endpoint, declared once: the router serves it and the OpenAPI document describes it from
 * the same schemas. Bodies are JSON unless `bodyTypes` lists other media types, in which case
 * the body arrives as text (`body` is then a string schema).
 */
export interface Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** OpenAPI style: `/api/v1/conversations/{id}`. */
  path: string;
  /** The key scope it needs; null: no key (health, the document itself, signed routes). */
  scope: ApiKeyScope | null;
  /**
   * Instead of a key, the raw body must carry a `Kefu-Signature` made with `http.inboundSecret`
   * (for systems that sign as our webhooks do rather than hold an API key); needs `scope: null`.
   */
  signed?: true;
  summary: string;
  /** The OpenAPI tag it is listed under. */
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Media types the body may come as (default JSON only). */
  bodyTypes?: readonly string[];
  /**
   * A tighter cap on the body than `http.maxBodyBytes`, for a route whose body is read before its
   * sender is known (a signed one): without it, anyone could make the hub hold a megabyte per request.
   */
  maxBodyBytes?: number;
  /**
   * How the body's bytes become text, for a route that takes files as people save them (a knowledge
   * base in UTF-16); it throws to refuse them. Default: UTF-8 only.
   */
  decodeBody?: (bytes: Uint8Array) => string;
  response: R;
  /** Success status (default 200). */
  status?: number;
  /** Other success statuses `handle` may set (201 for an entry it created), documented with the same answer. */
  alsoStatus?: readonly number[];
  /** A `text/csv` rendering, served for `Accept: text/csv` or `?format=csv`. */
  csv?: (result: z.output<R>) => string;
  /** Statuses it may answer with besides success and the common errors, for the document. */
  errors?: readonly number[];
  /**
   * Its answer (a PreparedJson) goes with an `ETag`, and a GET whose `If-None-Match` names it is a
   * 304 without a body: a client polling a large answer that seldom changes is sent it once.
   */
  etag?: true;
  /** The answer; a PreparedJson is sent as its bytes (checked against `response` when it was made). */
  handle(ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R> | PreparedJson>;
}

/** A route of any schemas, as the router and the document hold them. */
// biome-ignore lint/suspicious/noExplicitAny: the list holds routes of different schemas; each was type-checked by defineRoute.
export type AnyRoute = Route<any, any, any, any>;

/**
 * Declares a route with its types inferred from its schemas.
 * @example
 * defineRoute({ method: 'GET', path: '/api/v1/tickets', scope: 'read', summary: 'List tickets', tag: 'tickets',
 *   response: z.object({ items: z.array(TicketSchema) }), handle: async ({ admin }) => ({ items: await admin.tickets() }) });
 */
export function defineRoute<
  P extends z.ZodType = z.ZodObject<Record<string, never>>,
  Q extends z.ZodType = z.ZodObject<Record<string, never>>,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(route: Route<P, Q, B, R>): AnyRoute {
  return route;
}
