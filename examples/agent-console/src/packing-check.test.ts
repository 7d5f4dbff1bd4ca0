import { describe, expect, it } from 'vitest';
import { packingCheck } from './packing-check.ts';

const parcel = (packed: { title: string; quantity: number; sku?: string }[]) => ({ packed, scans: [] });

describe('packingCheck', () => {
  it('finds the line packed short, counting every parcel, matched by sku', () => {
    const lines = packingCheck(
      [
        { title: 'Merino cardigan', quantity: 1, sku: 'KNIT' },
        { title: 'Cotton tee', quantity: 2, sku: 'TEE' },
      ],
      [
        parcel([{ title: 'Cardigan (M)', quantity: 1, sku: 'KNIT' }]),
        parcel([{ title: 'Cotton tee', quantity: 1, sku: 'TEE' }]),
      ],
    );
    expect(lines).toEqual([
      { title: 'Merino cardigan', sku: 'KNIT', ordered: 1, packed: 1, state: 'ok' },
      { title: 'Cotton tee', sku: 'TEE', ordered: 2, packed: 1, state: 'short' },
    ]);
  });

  it('matches by title without skus, and lists what was packed but not ordered', () => {
    const lines = packingCheck(
      [{ title: 'Earbuds', quantity: 1 }],
      [
        parcel([
          { title: 'Earbuds', quantity: 1 },
          { title: 'Charging case', quantity: 1 },
        ]),
      ],
    );
    expect(lines.map((l) => [l.title, l.state])).toEqual([
      ['Earbuds', 'ok'],
      ['Charging case', 'extra'],
    ]);
  });

  it('reports an order with nothing packed as short on every line', () => {
    expect(packingCheck([{ title: 'Tee', quantity: 3 }], []).map((l) => l.state)).toEqual(['short']);
  });
});
