/**
 * The hub's WebSocket URL from `data-hub`: absolute `ws(s)://…` as is; `http(s)://…` or a path
 * (`/kefu`) relative to the page, with the scheme switched to ws/wss.
 * @example
 * hubUrl('/kefu', 'https://shop.example/p/1'); // 'wss://shop.example/kefu'
 */
export function hubUrl(hub: string, base: string): string {
  const url = new URL(hub, base);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.href;
}
