/**
 * The hub's WebSocket URL from `data-hub`: absolute `ws(s)://…` as is; `http(s)://…` or a path
 * (`/kefu`) relative to the page, with the scheme switched to ws/wss.
 * @example
 * hubUrl('/kefu', 'https://shop.example/p/1'); // 'wss://shop.example/kefu'
 */
export function hubUrl(hub: string, base: string): string {
  // A URL's href starts with its scheme, lower-cased: http → ws and https → wss in one replace.
  return new URL(hub, base).href.replace(/^http/, 'ws');
}
