import { describe, expect, it } from 'vitest';
import { inShopperScript } from './shopper-script-text.ts';

describe('inShopperScript', () => {
  it("shows Simplified text in a Traditional reader's characters: Taiwan's, or Hong Kong's", async () => {
    expect(await inShopperScript('您的订单已发货，运单号：SF1402938475。', 'zh-TW')).toBe(
      '您的訂單已發貨，運單號：SF1402938475。',
    );
    expect(await inShopperScript('说明书在盒子里面', 'zh-HK')).toBe('説明書在盒子裏面');
    expect(await inShopperScript('说明书在盒子里面', 'zh-TW')).toBe('說明書在盒子裡面');
  });

  it('shows Traditional text to a Simplified reader in Simplified', async () => {
    expect(await inShopperScript('您的訂單已發貨', 'zh-CN')).toBe('您的订单已发货');
  });

  it('leaves text alone for a reader of its own script, of no script, and text without Chinese', async () => {
    expect(await inShopperScript('您的订单已发货', 'zh-CN')).toBe('您的订单已发货');
    expect(await inShopperScript('您的订单已发货', 'en')).toBe('您的订单已发货');
    expect(await inShopperScript('您的订单已发货', undefined)).toBe('您的订单已发货');
    expect(await inShopperScript('Your order shipped', 'zh-TW')).toBe('Your order shipped');
  });

  it("reads the shopper's script from what they typed when their locale names none", async () => {
    expect(await inShopperScript('您的订单已发货', 'en', '我的訂單到哪了')).toBe('您的訂單已發貨');
    // A locale that names a script wins over what was typed.
    expect(await inShopperScript('您的订单已发货', 'zh-CN', '我的訂單到哪了')).toBe('您的订单已发货');
  });

  it('keeps links and e-mail addresses as written', async () => {
    expect(await inShopperScript('详情见 https://shop.example/售后 或写信 help@shop.example', 'zh-TW')).toBe(
      '詳情見 https://shop.example/售后 或寫信 help@shop.example',
    );
  });
});
