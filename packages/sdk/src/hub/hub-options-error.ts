/**
 * `createHub`'s refusal of its options: each problem is named (`sites[1].origins[0] "shop.example"
 * has no scheme: …`), and a list of them (sites, agents) with several problems names them all, so
 * a config with three bad origins is fixed in one pass. A TypeError, as it always was, with a
 * stable `code` (as `KefuConfigError`'s `CONFIG_INVALID`): it never crosses the wire, so it is
 * not one of the protocol's error codes.
 * @example
 * try { createHub(options); } catch (e) {
 *   if (e instanceof HubOptionsError && e.code === 'HUB_OPTIONS_INVALID') console.error(e.problems);
 * }
 */
export class HubOptionsError extends TypeError {
  override readonly name = 'HubOptionsError';
  readonly code = 'HUB_OPTIONS_INVALID';
  constructor(
    /** Each problem as `<option path> <what is wrong>`, in the order of the options. */
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      problems.length === 1
        ? `createHub: ${problems[0]}`
        : `createHub: ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      options,
    );
  }
}
