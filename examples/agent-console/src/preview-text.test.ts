import { describe, expect, it } from 'vitest';
import { previewText } from './preview-text.ts';
import { STRINGS } from './strings.ts';

describe('previewText', () => {
  it("says the hub's tag for a photo, an order or a product in the console's language", () => {
    expect(previewText('[photo] 箱子破了', STRINGS.zh)).toBe('[图片] 箱子破了');
    expect(previewText('[photo]', STRINGS.zh)).toBe('[图片]');
    expect(previewText('[order] KF1001', STRINGS.zh)).toBe('[订单] KF1001');
    expect(previewText('[product] 美利奴羊毛开衫', STRINGS.zh)).toBe('[商品] 美利奴羊毛开衫');
    expect(previewText('[photo] the box', STRINGS.en)).toBe('[Photo] the box');
  });

  it('leaves text alone, a tag inside it included', () => {
    expect(previewText('see [photo] above', STRINGS.zh)).toBe('see [photo] above');
    expect(previewText('[photos] are here', STRINGS.zh)).toBe('[photos] are here');
  });
});
