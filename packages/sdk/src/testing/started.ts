/**
 * What the test fixtures started, closed after each test by `test/close-started.ts` (a setup
 * file): no client or hub outlives the test that made it, so nothing it still had in flight can
 * fail after the test is over.
 */
type Client = { disconnect(): void } | { close(): void };

const clients = new Set<Client>();
const hubs = new Set<{ close(): Promise<void> }>();

export function track<T extends Client>(client: T): T {
  clients.add(client);
  return client;
}

export function trackHub<T extends { close(): Promise<void> }>(hub: T): T {
  hubs.add(hub);
  return hub;
}

/** Closes every client, then every hub, started since the last call. */
export async function closeStarted(): Promise<void> {
  // The agent client's close() closes a conversation: disconnect() is how it ends.
  for (const client of clients) 'disconnect' in client ? client.disconnect() : client.close();
  clients.clear();
  const closing = [...hubs].map((hub) => hub.close());
  hubs.clear();
  await Promise.all(closing);
}
