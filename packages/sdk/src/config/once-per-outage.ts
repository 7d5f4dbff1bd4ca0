/**
 * Lets the first report of each cause through and holds back the same cause until `quietMs` pass
 * without it: an outage is then one line, not one per dropped connection. A PostgreSQL failover
 * (or a storm of `pg_terminate_backend`) fails every idle connection of the pool, and the hub
 * wrote one identical `store.connection_error` for each: 51 in two seconds on one node of the
 * cluster drill. The same cause after a quiet spell is a new outage, and is reported again.
 * @example
 * const report = oncePerOutage((e) => logger.log('warn', 'store.connection_error', { error: e.message }));
 * pool.on('error', report);
 */
export function oncePerOutage(
  report: (error: Error) => void,
  { quietMs = 60_000, now = Date.now }: { quietMs?: number; now?: () => number } = {},
): (error: Error) => void {
  // Each cause, by message, and when it was last seen (reported or held back).
  const seen = new Map<string, number>();
  return (error) => {
    const at = now();
    for (const [cause, last] of seen) if (at - last >= quietMs) seen.delete(cause);
    const known = seen.has(error.message);
    seen.set(error.message, at);
    if (!known) report(error);
  };
}
