import * as z from 'zod';
import { defineRoute } from '../route.ts';

const Check = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** Probes for load balancers and Kubernetes: no key, no personal data. */
export const healthRoutes = [
  defineRoute({
    method: 'GET',
    path: '/healthz',
    scope: null,
    tag: 'health',
    summary: 'Liveness: the process answers (no I/O)',
    response: z.object({ ok: z.literal(true) }),
    handle: async () => ({ ok: true as const }),
  }),
  defineRoute({
    method: 'GET',
    path: '/readyz',
    scope: null,
    tag: 'health',
    summary:
      'Readiness: the store (reachable, migrations applied) and the bus answer; 503 naming the part that failed otherwise',
    errors: [503],
    response: z.object({ ready: z.boolean(), checks: z.object({ store: Check, bus: Check }) }),
    async handle({ admin, status }) {
      const readiness = await admin.ready();
      if (!readiness.ready) status(503);
      return readiness;
    },
  }),
];
