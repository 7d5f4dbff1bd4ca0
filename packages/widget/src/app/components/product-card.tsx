import type { Product } from '@kefu/protocol';
import { safeHref } from '@kefu/sdk/client/light';

/** Formats a price in the shopper's locale; a missing currency shows the bare number. */
export function formatPrice(price: number, currency: string | undefined, locale: string): string {
  try {
    return currency
      ? new Intl.NumberFormat(locale, { style: 'currency', currency }).format(price)
      : String(price);
  } catch {
    return `${currency ?? ''} ${price}`.trim();
  }
}

/** A product: image, title (a link when the product has an http(s) URL), price. */
export function ProductCard({ product, locale }: { product: Product; locale: string }) {
  const href = safeHref(product.url);
  const image = safeHref(product.image);
  return (
    <div class="pc">
      {image ? <img class="pc-img" src={image} alt="" loading="lazy" referrerpolicy="no-referrer" /> : null}
      <div class="pc-body">
        {href ? (
          <a class="pc-title" href={href} target="_blank" rel="noopener noreferrer">
            {product.title}
          </a>
        ) : (
          <span class="pc-title">{product.title}</span>
        )}
        {product.price !== undefined ? (
          <span class="pc-price">{formatPrice(product.price, product.currency, locale)}</span>
        ) : null}
      </div>
    </div>
  );
}
