import { Product } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { readPageProduct } from './page-product.ts';

const PAGE = '/p/coat?reset=s3cret-reset-token#token=s3cret-fragment';

afterEach(() => {
  document.head.replaceChildren();
  history.replaceState(null, '', '/');
});

describe('the product read from the page', () => {
  it('takes the page address without query and fragment when Open Graph names no id', () => {
    history.replaceState(null, '', PAGE);
    document.head.innerHTML =
      '<meta property="og:type" content="product"><meta property="og:title" content="Wool coat">' +
      '<meta property="product:price:amount" content="399">';
    expect(readPageProduct(document)).toEqual({
      id: `${location.origin}/p/coat`,
      title: 'Wool coat',
      price: 399,
    });
  });

  it('resolves a relative product url against the page address without its query and fragment', () => {
    history.replaceState(null, '', PAGE);
    document.head.innerHTML =
      '<script type="application/ld+json">{"@type":"Product","sku":"c-1","name":"Wool coat","url":"#reviews"}</script>';
    expect(readPageProduct(document)).toMatchObject({ id: 'c-1', url: `${location.origin}/p/coat#reviews` });
  });

  it.each([
    ['control characters in the sku', { sku: '\u0007c-1\n', name: 'Coat' }, { id: 'c-1' }],
    ['a lone surrogate in the name', { sku: 'c-1', name: 'Coat \ud800' }, { title: 'Coat \ufffd' }],
    ['a name past the title limit', { sku: 'c-1', name: '衣'.repeat(400) }, { title: '衣'.repeat(300) }],
    ['an infinite price', { sku: 'c-1', name: 'Coat', offers: { price: 'Infinity' } }, { price: undefined }],
    ['a negative price', { sku: 'c-1', name: 'Coat', offers: { price: -1 } }, { price: undefined }],
    [
      'a currency that is not a code',
      { sku: 'c-1', name: 'Coat', offers: { priceCurrency: '€' } },
      { currency: undefined },
    ],
    [
      'an image address past the URL limit',
      { sku: 'c-1', name: 'Coat', image: `/${'i'.repeat(2100)}` },
      { image: undefined },
    ],
  ])('makes a product the protocol accepts from %s', (_name, node, expected) => {
    document.head.innerHTML = `<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', ...node })}</script>`;
    const product = readPageProduct(document);
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined) expect(product).not.toHaveProperty(key);
      else expect(product).toHaveProperty(key, value);
    }
    expect(Product.safeParse(product).success).toBe(true);
  });

  it('has no product without an id or a title', () => {
    document.head.innerHTML = `<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', sku: '\u0000\u0001', name: 'Coat' })}</script>`;
    expect(readPageProduct(document)).toBeUndefined();
  });
});
