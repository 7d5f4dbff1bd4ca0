import { describe, expect, it } from 'vitest';
import { replaceInWorker } from '../testing/pattern-in-worker.ts';
import { convertOutsideLinks, KEEP, loadScriptConverter } from './script-converter.ts';

describe('loadScriptConverter', () => {
  it('writes 后 as 後 after an action but keeps it in 皇后', async () => {
    const tw = await loadScriptConverter('s2tw');
    expect(tw('收到退货后 3 个工作日内退款，之后原路返回。')).toBe(
      '收到退貨後 3 個工作日內退款，之後原路返回。',
    );
    expect(tw('皇后区的地址也能送达。')).toBe('皇后區的地址也能送達。');
  });

  it('writes 发 as 發 when sending and 髮 for hair', async () => {
    const tw = await loadScriptConverter('s2tw');
    expect(tw('付款后 48 小时内发货，发票随包裹寄出。')).toBe('付款後 48 小時內發貨，發票隨包裹寄出。');
    expect(tw('护发套装请在头发半干时使用，发型师推荐。')).toBe('護髮套裝請在頭髮半乾時使用，髮型師推薦。');
  });

  it('writes 干 as 乾 for dry and 幹 for doing', async () => {
    const tw = await loadScriptConverter('s2tw');
    expect(tw('羊毛衫请勿机洗，可干洗或手洗后平铺晾干。')).toBe('羊毛衫請勿機洗，可乾洗或手洗後平鋪晾乾。');
    expect(tw('售后客服是干什么的？')).toBe('售後客服是幹什麼的？');
  });

  it("keeps the merchant's words: characters change, vocabulary does not (软件 is not made 軟體)", async () => {
    const tw = await loadScriptConverter('s2tw');
    expect(tw('软件激活码请在订单页面查看，鼠标保修一年。')).toBe(
      '軟件激活碼請在訂單頁面查看，鼠標保修一年。',
    );
  });

  it('uses Hong Kong standard characters for s2hk (裏, 説, 枱) and Taiwan ones for s2tw (裡, 說, 檯)', async () => {
    const text = '里面有说明书，台灯另购。';
    expect((await loadScriptConverter('s2hk'))(text)).toBe('裏面有説明書，枱燈另購。');
    expect((await loadScriptConverter('s2tw'))(text)).toBe('裡面有說明書，檯燈另購。');
  });

  it('converts Traditional to Simplified with the same care (幹/乾/髮 all to 干/发)', async () => {
    const s = await loadScriptConverter('tw2s');
    expect(s('幹什麼都要先登入。頭髮乾燥請用護髮素，以後再說。')).toBe(
      '干什么都要先登入。头发干燥请用护发素，以后再说。',
    );
    expect((await loadScriptConverter('hk2s'))('裏面有説明書。')).toBe('里面有说明书。');
  });

  it('builds each converter once', async () => {
    expect(loadScriptConverter('s2tw')).toBe(loadScriptConverter('s2tw'));
  });
});

describe('convertOutsideLinks', () => {
  // Tried from every letter, the address pattern read a long word to its end from each, quadratic
  // in its length (an answer holds 4,000). 400,000 letters here: hours before.
  it('finds what it keeps in one pass over a long word with no address in it', async () => {
    const word = `运费 ${'w'.repeat(400_000)}@`;
    expect(await replaceInWorker(KEEP, word)).toBe(word);
    expect(await replaceInWorker(KEEP, '写信 a.b@x.example.com 或 `码`')).toBe('写信  或 ');
  });

  it('leaves links (Chinese paths too), e-mail addresses, order numbers and codes in backticks as written', async () => {
    const tw = await loadScriptConverter('s2tw');
    const answer =
      '详情见 https://shop.example/售后/干洗?id=后，或发邮件到 help@shop.example；订单号 KF10023，型号 `卫衣-XL`。';
    expect(convertOutsideLinks(answer, tw)).toBe(
      '詳情見 https://shop.example/售后/干洗?id=后，或發郵件到 help@shop.example；訂單號 KF10023，型號 `卫衣-XL`。',
    );
  });

  it('ends a link where the widget does, so the sentence after it is converted', async () => {
    const tw = await loadScriptConverter('s2tw');
    expect(convertOutsideLinks('点这里 www.shop.example/return。退货后再联系我们', tw)).toBe(
      '點這裡 www.shop.example/return。退貨後再聯繫我們',
    );
  });
});
