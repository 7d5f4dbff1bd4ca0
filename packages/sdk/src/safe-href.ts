/**
 * The URL if it parses, is http(s) and names no user: `https://shop.example@evil.example` reads as
 * the shop's and leads to `evil.example`. Undefined otherwise. One rule for what the chat links and
 * what the hub turns a knowledge base's link into, so both sides keep the same links.
 * @example
 * safeHref('https://shop.example/returns'); // 'https://shop.example/returns'
 * safeHref('javascript:alert(1)'); // undefined
 */
export function safeHref(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    // An http(s) origin is `http(s)://host[:port]` (other schemes' are `null`, `ws://…`, `ftp://…`),
    // and the href starts with it unless a user name or password comes between: the fewest bytes
    // for the widget's budget.
    const { href, origin } = new URL(raw);
    return origin.startsWith('http') && href.startsWith(origin) ? href : undefined;
  } catch {
    return undefined;
  }
}
