/**
 * Resolves when an async condition (a store read) holds, polling every 10 ms; fails after
 * `rounds` rounds. For conditions `until` cannot check synchronously.
 * @example
 * await eventually(async () => (await store.listWebhookDeliveries({})).length > 0, 'a delivery');
 */
export async function eventually(check: () => Promise<boolean>, what: string, rounds = 2000): Promise<void> {
  for (let i = 0; !(await check()); i++) {
    if (i >= rounds) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
