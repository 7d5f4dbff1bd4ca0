/** What `ws` and browsers open: browsers take http(s) as ws(s) since 2024, `ws` always has. */
const SCHEMES = ['ws:', 'wss:', 'http:', 'https:'];

/**
 * Refuses, when a client is made, a hub url no WebSocket can open. Otherwise the constructor
 * throws on every attempt and the client only ever says "reconnecting". A relative url is read
 * against the page, as a browser's WebSocket reads it.
 * @example
 * checkHubUrl('wss://chat.shop.example/kefu', 'createShopperClient'); // fine
 * checkHubUrl('chat.shop.example', 'createShopperClient'); // TypeError naming options.url
 */
export function checkHubUrl(url: string, who: string): void {
  let scheme: string | undefined;
  try {
    scheme = new URL(url, (globalThis as { location?: { href: string } }).location?.href).protocol;
  } catch {}
  if (!scheme || !SCHEMES.includes(scheme))
    throw new TypeError(
      `${who}: options.url must be a ws:// or wss:// URL (the hub's), not ${JSON.stringify(url)}`,
    );
}
