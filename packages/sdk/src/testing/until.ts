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
