import { MAX_ID_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, type Product, toStoredText } from '@kefu/protocol';
import { pageUrl } from '@kefu/sdk/client/light';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

function fromJsonLd(node: Json): Partial<Product> | undefined {
  const type = node['@type'];
  if (!(type === 'Product' || (Array.isArray(type) && type.includes('Product')))) return undefined;
  const offer = first(node.offers) as Json | undefined;
  const image = first(node.image);
  return {
    id: str(node.sku) ?? str(node.productID) ?? str(node['@id']) ?? str(node.url) ?? '',
    title: str(node.name) ?? '',
    price: Number(offer?.price ?? offer?.lowPrice),
    currency: str(offer?.priceCurrency),
    url: str(node.url),
    image: str(typeof image === 'object' && image ? (image as Json).url : image),
  };
}

function jsonLdNodes(doc: Document): Json[] {
  const nodes: Json[] = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const data = JSON.parse(script.textContent ?? '') as unknown;
      for (const item of [data].flat()) {
        if (item && typeof item === 'object')
          nodes.push(item as Json, ...((((item as Json)['@graph'] as Json[]) ?? []) as Json[]));
      }
    } catch {
      // A page's broken JSON-LD is the page's problem; fall through to Open Graph.
    }
  }
  return nodes;
}

function fromOpenGraph(doc: Document): Partial<Product> | undefined {
  const meta = (p: string) =>
    doc.querySelector(`meta[property="${p}"]`)?.getAttribute('content') ?? undefined;
  if (meta('og:type') !== 'product' && !meta('product:price:amount')) return undefined;
  return {
    id: meta('product:retailer_item_id') ?? meta('og:url') ?? pageUrl(doc.location?.href ?? ''),
    title: meta('og:title') ?? '',
    price: Number(meta('product:price:amount')),
    currency: meta('product:price:currency'),
    url: meta('og:url'),
    image: meta('og:image'),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ids may hold no control character (the protocol's id).
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** `id` made into an id the hub accepts (the protocol's `id`): storable, no control character, cut to 64. */
export const storableId = (id: string): string => toStoredText(id.replace(CONTROL, ''), MAX_ID_CHARS);

/**
 * Makes what the page says into a Product the hub accepts (the protocol's schema, without
 * shipping zod): id and title made storable and cut to their limits, a price only when it is a
 * number ≥ 0, a currency only when it is a three-letter code, addresses made absolute. Without an
 * id or a title there is no product.
 */
function clean(raw: Partial<Product> | undefined, base: string): Product | undefined {
  const id = storableId(raw?.id ?? '');
  const title = toStoredText(raw?.title ?? '', MAX_TITLE_CHARS);
  if (!raw || !id || !title) return undefined;
  const product: Product = { id, title };
  const price = raw.price ?? -1;
  if (Number.isFinite(price) && price >= 0) product.price = price;
  if (/^[a-z]{3}$/i.test(raw.currency ?? '')) product.currency = raw.currency;
  for (const key of ['url', 'image'] as const) {
    // An absolute address is ASCII (percent-encoded), so only its length can be out of bounds.
    const href = raw[key] ? new URL(raw[key], base).href : '';
    if (href && href.length <= MAX_URL_CHARS) product[key] = href;
  }
  return product;
}

/**
 * The product this page is about: `given` (what the page passed to `setContext`) made valid,
 * else its JSON-LD `Product` (schema.org) or Open Graph product tags; undefined on pages that are
 * not product pages.
 * @example
 * readPageProduct(document)?.title; // '羊毛开衫'
 */
export function readPageProduct(doc: Document, given?: unknown): Product | undefined {
  // A relative `url` such as `#reviews` must not carry the page's own query and fragment along.
  const base = pageUrl(doc.baseURI);
  try {
    if (given) return clean(given as Partial<Product>, base);
    for (const node of jsonLdNodes(doc)) {
      const product = clean(fromJsonLd(node), base);
      if (product) return product;
    }
    return clean(fromOpenGraph(doc), base);
  } catch {
    return undefined;
  }
}
