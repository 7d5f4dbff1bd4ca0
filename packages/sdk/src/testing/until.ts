/**
 * Resolves when `check` holds, polling on real time. Fails with `what` once `timeoutMs` passes
 * without progress: when `what` is a function, a change in what it says counts as progress and
 * restarts the wait, so a slow but moving machine (CI under load) is not mistaken for a stuck one.
 */
export async function until(
  check: () => boolean,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<void> {
  const describe = typeof what === 'string' ? () => what : what;
  let seen = describe();
  let since = Date.now();
  let sampled = since;
  while (!check()) {
    const now = Date.now();
    if (now - sampled >= 100) {
      sampled = now;
      const said = describe();
      if (said !== seen) {
        seen = said;
        since = now;
      }
    }
    if (now - since > timeoutMs)
      throw new Error(`timed out waiting for: ${describe()} (no progress in ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Waits until every promise has settled, failing only when none settles for `timeoutMs`; then
 * resolves with their values or rejects with the first failure. For bursts (hundreds of sends
 * on one connection are answered in order, slowly on a busy machine).
 */
export async function settleAll<T>(promises: Promise<T>[], what: string, timeoutMs = 10_000): Promise<T[]> {
  let settled = 0;
  const results = promises.map((p) =>
    p.then(
      (value) => {
        settled++;
        return { ok: true as const, value };
      },
      (error: unknown) => {
        settled++;
        return { ok: false as const, error };
      },
    ),
  );
  await until(
    () => settled === promises.length,
    () => `${settled}/${promises.length} ${what}`,
    timeoutMs,
  );
  const done = await Promise.all(results);
  const failed = done.find((r) => !r.ok);
  if (failed && !failed.ok) throw failed.error;
  return done.map((r) => (r.ok ? r.value : (undefined as never)));
}
