import { describe, expect, it } from 'vitest';
import { readScriptOptions } from './read-options.ts';

const script = (attributes: Record<string, string>, nonce = '') => {
  const el = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.nonce = nonce;
  return el;
};

describe("the loader's options from its script tag", () => {
  it('reads every data attribute, data-z-index as zIndex', () => {
    expect(
      readScriptOptions(
        script({
          'data-site': 'shop',
          'data-hub': '/kefu',
          'data-z-index': '10',
          'data-load': 'eager',
          'data-nonce': 'n1',
        }),
      ),
    ).toEqual({ site: 'shop', hub: '/kefu', zIndex: '10', load: 'eager', nonce: 'n1' });
  });

  it("takes the script's own nonce when data-nonce is missing or empty", () => {
    expect(readScriptOptions(script({ 'data-site': 'shop', 'data-nonce': '' }, 'n2')).nonce).toBe('n2');
  });
});
