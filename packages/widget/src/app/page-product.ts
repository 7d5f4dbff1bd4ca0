import { type Product, Product as ProductSchema } from '@kefu/protocol';
import { pageUrl } from '@kefu/sdk/client';

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

/** Drops empty and invalid fields, then checks the result against the protocol's Product. */
function clean(raw: Partial<Product> | undefined, base: string): Product | undefined {
  if (!raw) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v))) continue;
    out[k] = k === 'url' || k === 'image' ? new URL(String(v), base).href : v;
  }
  if (typeof out.id === 'string') out.id = out.id.slice(0, 64);
  const parsed = ProductSchema.safeParse(out);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The product this page is about, from its JSON-LD `Product` (schema.org) or Open Graph
 * product tags; undefined on pages that are not product pages.
 * @example
 * readPageProduct(document)?.title; // '羊毛开衫'
 */
export function readPageProduct(doc: Document): Product | undefined {
  // A relative `url` such as `#reviews` must not carry the page's own query and fragment along.
  const base = pageUrl(doc.baseURI);
  try {
    for (const node of jsonLdNodes(doc)) {
      const product = clean(fromJsonLd(node), base);
      if (product) return product;
    }
    return clean(fromOpenGraph(doc), base);
  } catch {
    return undefined;
  }
}
