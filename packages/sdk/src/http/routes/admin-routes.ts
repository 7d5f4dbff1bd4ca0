import { KefuError } from '@kefu/protocol';
import * as z from 'zod';
import { reportToCsv } from '../../metrics/export-formats.ts';
import { defineRoute } from '../route.ts';
import { ApiKeyView, ms, queryTime, ReportView, ShopperRefBody, shopperRef } from '../schemas.ts';

// Reports, shoppers' data rights, agents' presence and the API's own keys.

const V1 = '/api/v1';

export const adminRoutes = [
  defineRoute({
    method: 'GET',
    path: `${V1}/reports`,
    scope: 'read',
    tag: 'reports',
    summary:
      'Service metrics for a window, in total and per group, agent or day (CSV with Accept: text/csv or format=csv)',
    query: z
      .object({
        from: queryTime((n) => n.min(0)).meta({ description: 'Unix ms, inclusive' }),
        to: queryTime((n) => n.min(0)).meta({ description: 'Unix ms, exclusive; after from' }),
        groupBy: z.enum(['group', 'agent', 'day']).optional(),
        format: z.enum(['json', 'csv']).optional(),
      })
      // from before to, and the longest window, are checked by the report itself (report-range.ts):
      // one rule, one message for the API, the console and hub.admin.report.
      .strict(),
    response: ReportView,
    csv: (report) => reportToCsv(report),
    handle: ({ query, admin }) =>
      admin.report({ from: query.from, to: query.to, ...(query.groupBy ? { groupBy: query.groupBy } : {}) }),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/shoppers/export`,
    errors: [404],
    scope: 'admin',
    tag: 'shoppers',
    summary: 'Everything held about one shopper (a data-access request); ids go in the body, not the URL',
    body: ShopperRefBody,
    response: z
      .object({
        exportedAt: ms,
        siteKey: z.string(),
        shopperId: z.string(),
        profile: z.unknown(),
        conversations: z.array(z.unknown()),
        notifications: z
          .unknown()
          .meta({ description: 'Notification record: opt-out, rate window, recent keys' }),
        orders: z.array(z.unknown()).meta({ description: 'Order tracks from order events' }),
      })
      .meta({ id: 'ShopperExport' }),
    handle: ({ body, admin }) => admin.exportShopper(shopperRef(body)),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/shoppers/erase`,
    errors: [404],
    scope: 'admin',
    tag: 'shoppers',
    summary: 'Erase a shopper: profile deleted, conversations redacted, metrics kept',
    body: ShopperRefBody,
    response: z.object({ conversations: z.int() }),
    handle: ({ body, admin }) => admin.eraseShopper(shopperRef(body)),
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/agents/presence`,
    scope: 'read',
    tag: 'agents',
    summary: 'Agents online anywhere in the cluster, and per group how many are online and how many wait',
    response: z.object({
      agents: z.array(
        z.object({ id: z.string(), name: z.string(), groups: z.array(z.string()), supervisor: z.boolean() }),
      ),
      groups: z.record(z.string(), z.object({ online: z.int(), queued: z.int() })),
    }),
    handle: async ({ admin }) => admin.presence(),
  }),
  defineRoute({
    method: 'GET',
    path: `${V1}/api-keys`,
    scope: 'admin',
    tag: 'api keys',
    summary: 'Every API key (never the secret), revoked ones included',
    response: z.object({ items: z.array(ApiKeyView) }),
    handle: async ({ admin }) => ({ items: await admin.apiKeys.list() }),
  }),
  defineRoute({
    method: 'POST',
    path: `${V1}/api-keys`,
    scope: 'admin',
    tag: 'api keys',
    summary: 'Create an API key; the key is in this answer only',
    body: z
      .object({
        name: z.string().trim().min(1).max(100),
        scopes: z.array(z.enum(['read', 'write', 'admin'])).min(1),
      })
      .strict(),
    status: 201,
    response: z.object({ id: z.string(), key: z.string() }),
    handle: ({ body, admin }) => admin.apiKeys.create(body),
  }),
  defineRoute({
    method: 'DELETE',
    path: `${V1}/api-keys/{id}`,
    errors: [404],
    scope: 'admin',
    tag: 'api keys',
    summary: 'Revoke an API key: refused from the next request on',
    params: z.object({ id: z.string().min(1).max(100) }).strict(),
    status: 204,
    response: z.undefined(),
    async handle({ params, admin }) {
      if (!(await admin.apiKeys.revoke(params.id)))
        throw new KefuError('not_found', `no API key ${params.id}`);
      return undefined;
    },
  }),
];
