import type { PageContext, Product } from '@kefu/protocol';
import { withoutInvisibles } from '../text/invisible-characters.ts';
import type { SiteConfig } from './hub-options.ts';
import { originListed } from './origins.ts';

/**
 * The page a shopper says they are on, as the hub keeps it: its address and its product's link
 * only when they lead to the shop (the origin the shopper connected from, or one the site lists),
 * and the address without its query and fragment. The agent's console shows both as links under
 * "Viewing page": taken as sent, a raw client made them any site (a look-alike sign-in page)
 * under any title, and kept a query the shop's own widget never sends (see `pageUrl`).
 * @example
 * shopperPage({ url: 'https://shop.example/p/1?t=x', title: 'Coat' }, 'https://shop.example', site);
 * // { url: 'https://shop.example/p/1', title: 'Coat' }
 */
export function shopperPage(page: PageContext, origin: string | undefined, site: SiteConfig): PageContext {
  const { url, product, title, ...rest } = page;
  const kept: PageContext = rest;
  const address = url === undefined ? undefined : onShop(url, origin, site);
  if (address) kept.url = `${address.origin}${address.pathname}`;
  // Titles without bidi controls and zero-width characters: U+202E made a page's title read
  // backwards in the console, the API and exports ("gpj.exe" as "exe.jpg").
  const shown = title === undefined ? '' : withoutInvisibles(title);
  if (shown) kept.title = shown;
  const item = product && shopperProduct(product, origin, site);
  if (item) kept.product = item;
  return kept;
}

/**
 * A product a shopper names (their page's, or a product card they send) as the hub keeps it: its
 * link only when it leads to the shop, its image only as an http(s) address, its title without
 * invisible characters; undefined when that title is left empty (the product names nothing).
 * Before 2026-12-06 a card sent as a message skipped this and reached agents, the API and
 * webhooks with a `javascript:` link, a `data:` image or a title reading backwards.
 * @example
 * shopperProduct({ id: 'p', title: 'Coat', url: 'javascript:alert(1)' }, 'https://shop.example', site);
 * // { id: 'p', title: 'Coat' }
 */
export function shopperProduct(
  product: Product,
  origin: string | undefined,
  site: SiteConfig,
): Product | undefined {
  const title = withoutInvisibles(product.title);
  if (!title) return undefined;
  const { url: link, image, ...item } = product;
  return {
    ...item,
    title,
    ...(link !== undefined && onShop(link, origin, site) ? { url: link } : {}),
    // On any host (shops serve images from CDNs), but only http(s): a `javascript:` or `data:`
    // image (any picture, a QR code to a phishing page) reached agents and the API as sent.
    ...(image !== undefined && isHttp(image) ? { image } : {}),
  };
}

/** The address when it is http(s) on the origin the shopper connected from or one the site lists. */
function onShop(raw: string, origin: string | undefined, site: SiteConfig): URL | undefined {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  // '*' lets any page connect; it does not make every site the shop's.
  const listed = site.origins.filter((o) => o !== '*');
  return url.origin === origin || originListed(listed, url.origin) ? url : undefined;
}

/** Whether the address parses and is http(s). */
function isHttp(raw: string): boolean {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  return url?.protocol === 'http:' || url?.protocol === 'https:';
}
