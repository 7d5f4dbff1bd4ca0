import * as z from 'zod';
import type { AnyRoute } from './route.ts';
import { ErrorBody } from './schemas.ts';

/** A JSON value as the document holds it. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request: malformed JSON, an unknown field, an invalid value',
  401: 'No live API key, or (signed routes) no valid Kefu-Signature',
  403: 'Forbidden: the key lacks the scope, or the hub refuses this',
  404: 'Not found',
  405: 'The path takes other methods, which Allow lists',
  409: 'Conflict: the resource changed or is in the wrong state',
  413: 'The body is over the limit',
  415: 'Unsupported Content-Type',
  429: 'Rate limited; see Retry-After',
  500: 'A fault on the hub (code internal)',
  503: 'The store (or bus) cannot be reached for a moment (code internal); retry after Retry-After',
};

/**
 * A 405 answers a method a path does not have, so no operation of the document can list it: the
 * document says it once, here, and in components.responses.E405.
 */
const ABOUT =
  'Errors are { "error": { "code", "message" } } with a stable code. A method a path does not list answers 405 (E405) with Allow naming the methods it takes.';

/**
 * The OpenAPI 3.1 document of `routes`, generated from their zod schemas (JSON Schema 2020-12,
 * which OpenAPI 3.1 takes as is). Schemas with a `meta({ id })` become shared components.
 * @example
 * const doc = openApiDocument(routes, { title: 'Kefu hub API', version: '1.0.0' });
 */
export function openApiDocument(routes: readonly AnyRoute[], info: { title: string; version: string }): Json {
  const components: Record<string, Json> = {};
  // Schemas with a `meta({ id })` come out in `$defs`; they become shared components. A request
  // reads a schema as input (defaults make fields optional) and a response as output, so the
  // input side is named `<id>Input`.
  const schema = (s: z.ZodType, io: 'input' | 'output'): Json => {
    const generated = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });
    const suffix = io === 'input' ? 'Input' : '';
    const text = JSON.stringify(generated).replace(
      /"#\/\$defs\/([^"]+)"/g,
      `"#/components/schemas/$1${suffix}"`,
    );
    const { $schema: _s, $defs, ...rest } = JSON.parse(text) as { [key: string]: Json };
    if ($defs && typeof $defs === 'object' && !Array.isArray($defs))
      for (const [id, def] of Object.entries($defs)) components[id + suffix] = def;
    return rest;
  };
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const parameters: Json[] = [];
    for (const [where, part] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!part) continue;
      const s = schema(part, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, p] of Object.entries(s.properties ?? {})) {
        const description = (p as { description?: Json }).description;
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (s.required ?? []).includes(name),
          schema: p,
          ...(typeof description === 'string' ? { description } : {}),
        });
      }
    }
    if (route.etag)
      parameters.push({
        name: 'If-None-Match',
        in: 'header',
        required: false,
        schema: { type: 'string' },
        description: 'The ETag of the answer you hold: a 304 without a body while it is current',
      });
    const status = route.status ?? 200;
    const success: Json =
      status === 204
        ? { description: 'Done' }
        : {
            description: 'OK',
            content: {
              'application/json': { schema: schema(route.response, 'output') },
              ...(route.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
            },
          };
    const errorStatuses = new Set<number>([
      ...(route.scope ? [401, 403, 429] : []),
      ...(route.signed ? [401, 403, 429] : []),
      ...(route.params || route.query || route.body ? [400] : []),
      ...(route.body ? [413, 415] : []),
      ...(route.errors ?? []),
      500,
      // Every route behind a key or a signature reads the store first (the key, the event's id).
      ...(route.scope || route.signed ? [503] : []),
    ]);
    const responses: Record<string, Json> = { [String(status)]: success };
    for (const code of route.alsoStatus ?? [])
      responses[String(code)] = { ...success, description: code === 201 ? 'Created' : 'OK' };
    if (route.etag)
      responses['304'] = { description: 'Not Modified: the If-None-Match names the current ETag; no body' };
    for (const code of [...errorStatuses].sort((a, b) => a - b))
      responses[String(code)] =
        code === 503 && route.scope === null && !route.signed
          ? {
              description: 'Not ready',
              content: { 'application/json': { schema: schema(route.response, 'output') } },
            }
          : { $ref: `#/components/responses/E${code}` };
    const operation: Record<string, Json> = {
      operationId: operationId(route),
      summary: route.summary,
      tags: [route.tag],
      security: route.scope ? [{ apiKey: [] }] : route.signed ? [{ kefuSignature: [] }] : [],
      ...(route.scope ? { 'x-kefu-scope': route.scope } : {}),
      ...(parameters.length ? { parameters } : {}),
      responses,
    };
    if (route.body) {
      const types = route.bodyTypes ?? ['application/json'];
      const body = schema(route.body, 'input');
      operation.requestBody = {
        required: true,
        content: Object.fromEntries(
          types.map((t) => [
            t,
            { schema: t === 'application/json' && !route.bodyTypes ? body : { type: 'string' } },
          ]),
        ),
      };
    }
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation;
  }
  const errorSchema = schema(ErrorBody, 'output');
  const errorResponses: Record<string, Json> = {};
  for (const [code, description] of Object.entries(STATUS_TEXT))
    errorResponses[`E${code}`] = { description, content: { 'application/json': { schema: errorSchema } } };
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: ABOUT },
    paths,
    components: {
      schemas: components,
      responses: errorResponses,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: kefu_<id>_<secret>' },
        kefuSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'Kefu-Signature',
          description:
            't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with http.inboundSecret, as webhooks are signed',
        },
      },
    },
  };
}

/** `GET /api/v1/conversations/{id}/transcript` → `getConversationsIdTranscript`: stable and unique per route. */
function operationId(route: AnyRoute): string {
  const words = route.path
    .replace(/^\/api\/v1/, '')
    .split(/[/{}_-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return route.method.toLowerCase() + words.join('');
}
