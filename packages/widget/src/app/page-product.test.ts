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
});
