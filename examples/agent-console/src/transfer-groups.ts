/**
 * The groups a transfer may go to: those configured (`createConsoleHandler({ groups })`, the
 * colleagues' groups), the hub's (its welcome's `groups`), the agent's own, those the inbox names,
 * and the groups of every colleague online now. The last come from the hub: a console started on its own (`--hub` only) knew none
 * but the agent's own, so Mei could not hand a complaint to Lei's `complaints` team.
 * @example
 * transferGroups(['default'], [{ groups: ['complaints'] }]); // ['default', 'complaints']
 */
export function transferGroups(
  known: readonly string[],
  online: readonly { groups?: readonly string[] }[] | undefined,
): string[] {
  return [...new Set([...known, ...(online ?? []).flatMap((a) => a.groups ?? [])])];
}
