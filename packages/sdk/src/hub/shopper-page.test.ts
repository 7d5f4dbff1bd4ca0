import { describe, expect, it } from 'vitest';
import type { SiteConfig } from './hub-options.ts';
import { shopperPage } from './shopper-page.ts';

const site = (origins: string[]) => ({ key: 'shop', origins }) as SiteConfig;
const SHOP = 'https://shop.example';

describe('shopperPage', () => {
  it('keeps the address on the origin the shopper connected from, without query and fragment', () => {
    expect(shopperPage({ url: `${SHOP}/p/1?reset=x#t`, title: 'Coat' }, SHOP, site([SHOP]))).toEqual({
      url: `${SHOP}/p/1`,
      title: 'Coat',
    });
  });

  it('drops an address or a product link off the shop, and any scheme but http(s), keeping the rest', () => {
    for (const url of ['https://evil.example/login', 'javascript:alert(1)', 'data:text/html,x', 'not a url'])
      expect(
        shopperPage({ url, title: 'T', product: { id: 'p', title: 'P', url } }, SHOP, site([SHOP])),
      ).toEqual({ title: 'T', product: { id: 'p', title: 'P' } });
  });

  it('takes another origin the site lists, a port wildcard included, but not every site for "*"', () => {
    const product = { id: 'p', title: 'P', url: 'http://localhost:8080/p?colour=red' };
    expect(shopperPage({ product }, SHOP, site([SHOP, 'http://localhost:*']))).toEqual({ product });
    expect(shopperPage({ url: 'https://evil.example/' }, SHOP, site(['*']))).toEqual({});
    // Without an Origin (a server's client on a "*" site) nothing names the shop: only listed origins.
    expect(shopperPage({ url: `${SHOP}/a` }, undefined, site(['*', SHOP]))).toEqual({ url: `${SHOP}/a` });
    expect(shopperPage({ url: `${SHOP}/a` }, undefined, site(['*']))).toEqual({});
  });

  it('takes bidi controls and zero-width characters out of the titles, dropping a product named by nothing else', () => {
    expect(
      shopperPage(
        { title: 'Invoice \u202Efdp.exe', product: { id: 'p', title: 'Co\u200Bat \u2066x\u2069' } },
        SHOP,
        site([SHOP]),
      ),
    ).toEqual({ title: 'Invoice fdp.exe', product: { id: 'p', title: 'Coat x' } });
    expect(
      shopperPage({ title: '\u202E', product: { id: 'p', title: '\u202E\u200B' } }, SHOP, site([SHOP])),
    ).toEqual({});
    // A joiner inside an emoji stays.
    expect(shopperPage({ title: 'Gift 👨\u200D👩\u200D👧' }, SHOP, site([SHOP]))).toEqual({
      title: 'Gift 👨\u200D👩\u200D👧',
    });
  });

  it('drops a product image that is no http(s) address, keeping one on any host (shops serve them from CDNs)', () => {
    for (const image of [
      'javascript:alert(1)',
      'data:image/svg+xml,<svg/>',
      'blob:https://shop.example/1',
      'not a url',
    ])
      expect(shopperPage({ product: { id: 'p', title: 'P', image } }, SHOP, site([SHOP]))).toEqual({
        product: { id: 'p', title: 'P' },
      });
    const product = { id: 'p', title: 'P', image: 'https://cdn.example/p.jpg?w=200' };
    expect(shopperPage({ product }, SHOP, site([SHOP]))).toEqual({ product });
  });
});
