import * as z from 'zod';
import type { ReadinessCheck } from '../../hub/readiness.ts';
import { defineRoute } from '../route.ts';

const UNREADY_DETAIL = 'the hub logs why as hub.unready';

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
      const { ready, checks } = await admin.ready();
      if (!ready) status(503);
      // The probe needs no key, and a driver's error names internal addresses and versions
      // (`connect ECONNREFUSED 10.0.0.5:6379`): the answer names the part, the log (`hub.unready`) why.
      const told = (check: ReadinessCheck): ReadinessCheck =>
        check.ok ? check : { ok: false, error: `not ready: ${UNREADY_DETAIL}` };
      return { ready, checks: { store: told(checks.store), bus: told(checks.bus) } };
    },
  }),
];
