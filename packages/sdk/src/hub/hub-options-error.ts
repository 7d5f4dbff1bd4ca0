/**
 * `createHub`'s refusal of its options when a list of them (sites, agents) has several problems:
 * each is named (`sites[1].origins[0] "shop.example" has no scheme: …`), so a config with three
 * bad origins is fixed in one pass. A TypeError, as every other option problem is.
 * @example
 * try { createHub(options); } catch (e) { if (e instanceof HubOptionsError) console.error(e.problems); }
 */
export class HubOptionsError extends TypeError {
  override readonly name = 'HubOptionsError';
  constructor(
    /** Each problem as `<option path> <what is wrong>`, in the order of the options. */
    readonly problems: readonly string[],
  ) {
    super(
      problems.length === 1
        ? `createHub: ${problems[0]}`
        : `createHub: ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}
