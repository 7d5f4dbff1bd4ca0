import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer.ts';
import { DEFAULT_SYNONYMS } from './synonyms.ts';

describe('createAnalyzer', () => {
  const analyzer = createAnalyzer({ synonyms: DEFAULT_SYNONYMS });
  /** Each text adds its concept term. */
  const expectConcepts = (pairs: ReadonlyArray<readonly [text: string, concept: string]>) => {
    for (const [text, concept] of pairs) expect([...analyzer.analyze(text).keys()], text).toContain(concept);
  };

  it('reads "where\'s" (or "wheres") as "where is", so it keeps the phrase\'s concept and adds no topic word', () => {
    const spelled = [...analyzer.analyze('where is my order')];
    expect([...analyzer.analyze("Where's my order?")]).toEqual(spelled);
    expect([...analyzer.analyze('wheres my order')]).toEqual(spelled);
    expect([...analyzer.analyze('WHERE’S MY ORDER')]).toEqual(spelled);
    expect(spelled.map(([term]) => term)).toContain('~track');
  });

  it('reads Taiwanese shop words as the concepts of their mainland synonyms', () => {
    expectConcepts([
      ['免運門檻', '~shipcost'],
      ['宅配到府', '~parcel'],
      ['刷卡付清', '~pay'],
      ['統一編號', '~invoice'],
      ['手機條碼載具', '~invoice'],
      ['折價券', '~coupon'],
      ['公司貨', '~authentic'],
      ['保存期限', '~expiry'],
      ['便利商店取貨', '~超商'],
      ['刷退', '~refund'],
      ['保固幾年', '~when'],
    ]);
  });

  it('reads general shop words of trade-ins, storage, stalled tracking, size and cash on delivery as their concepts', () => {
    // Any electronics or appliance shop's 以旧换新, any food or cosmetics shop's 冷藏, any shop's
    // stalled parcel and "how big": vocabulary, not one shop's phrasing.
    expectConcepts([
      ['以舊換新', '~以旧换新'],
      ['旧机回收', '~以旧换新'],
      ['要放冰箱吗', '~保存'],
      ['常温保存', '~保存'],
      ['物流三天没动了', '~不更新'],
      ['箱子有多大', '~size'],
      ['用两天就坏掉了', '~damage'],
      // Cash on delivery is its own way to pay (as "cod" is in English), not any 付款: a 货到付款
      // question must not rank an instalments entry first on the shared concept.
      ['可以貨到付款嗎', '~cod'],
      ['超商取货付款', '~cod'],
    ]);
  });

  it('gives an English word and its Chinese counterpart one concept, for a shop that mixes the two', () => {
    // A cross-border shop's entry written 可以开发票吗 must be found by "can I get an invoice".
    const pairs: Array<[string, string]> = [
      ['can I get an invoice', '可以开发票吗'],
      ['can i change my address', '怎么修改收货地址'],
      ['refund', '退款多久到账'],
      ['cancel my order', '取消订单'],
      ['size chart', '尺码表'],
    ];
    for (const [en, zh] of pairs) {
      const concepts = (text: string) => [...analyzer.analyze(text).keys()].filter((t) => t.startsWith('~'));
      expect(
        concepts(zh).filter((c) => concepts(en).includes(c)),
        `${en} / ${zh}`,
      ).not.toEqual([]);
    }
  });

  it('reads wallets as paying, authenticity words as 正品 and 查物流 as tracking', () => {
    // From a fifth outside QA pass (an electronics shop, a baby-products shop, a cross-border
    // fashion shop): "do you take paypal" ranked "Can I take the power bank on a plane?" first.
    expectConcepts([
      ['do you take paypal', '~pay'],
      ['can I pay with Klarna', '~pay'],
      ['are these genuine', '~authentic'],
      ['is it a knockoff', '~authentic'],
      ['是正品吗', '~authentic'],
      ['怎么查物流', '~track'],
    ]);
  });

  it("reads a plant shop's and a fashion shop's everyday words as their concepts", () => {
    // The same outside QA pass (a plant shop's bare-question knowledge base: "how tall is it" found
    // nothing in "How big is the plant?"; a fashion shop's 能换大一码吗).
    expectConcepts([
      ['how tall is it', '~size'],
      ['what are the dimensions', '~size'],
      ['do i need plant food', '~fertilizer'],
      ['what fertiliser should i use', '~fertilizer'],
      ['there are gnats in the soil', '~pests'],
      ['do you sell in bulk', '~wholesale'],
      ['企业采购有优惠吗', '~wholesale'],
      ['are they sweat proof', '~waterproof'],
      ['能换大一码吗', '~exchange'],
    ]);
  });

  it("reads an outdoor shop's and a pet shop's everyday words as their concepts", () => {
    // From a sixth outside QA pass (an English outdoor-gear shop, a Chinese pet-supplies shop):
    // "do u guys do rentals" ranked the returns entry first, not "Do you rent gear?".
    expectConcepts([
      ['do you do rentals', '~rent'],
      ['can i rent a tent', '~rent'],
      ['can i pick it up in store', '~pickup'],
      ['is curbside pickup available', '~pickup'],
      ['is it eco friendly', '~eco'],
      ['made from recycled nylon', '~eco'],
      ['where are you located', '~shoplocation'],
      ['有赠品吗', '~赠品'],
      ['买一送一', '~赠品'],
      ['保真吗', '~authentic'],
      ['罐头压瘪了', '~damage'],
      ['宠物店进货', '~wholesale'],
    ]);
  });

  it("reads an apparel shop's and a phone-accessory shop's everyday words as their concepts", () => {
    // From a seventh outside QA pass (an English apparel and shoe shop, a Chinese phone-accessory
    // shop): "shrinkage?" reached no entry at all beside "Will the cotton shrink?", "the sole came
    // off" none beside "The item is defective", 多少瓦的 none beside 支持快充吗.
    expectConcepts([
      ['shrinkage?', '~shrink'],
      ['is the hoodie pre shrunk', '~shrink'],
      ['can i put it in the dryer', '~laundry'],
      ['is it machine washable', '~laundry'],
      ['checkout without signing up', '~guest'],
      ['the sole came off', '~warranty'],
      ['my boots are falling apart', '~warranty'],
      ['seam ripped', '~warranty'],
      ['can i try them on in person', '~shoplocation'],
      ['是苹果原厂的吗', '~authentic'],
      ['收旧手机吗', '~以旧换新'],
      ['多少瓦的', '~快充'],
      ['支持闪充吗', '~快充'],
      ['线有几米', '~长度'],
      ['有没有长一点的', '~长度'],
      ['price adjustment?', '~priceadjust'],
      ['it went on sale right after i bought it', '~priceadjust'],
      ['you sent me the wrong size', '~wrongitem'],
      ['快递一直卡着', '~不更新'],
    ]);
  });

  it("reads a fresh-food shop's and an electronics shop's everyday words as their concepts", () => {
    // From an eighth outside QA pass (a Chinese fresh-food shop, an English electronics shop): 化冻了
    // reached no entry beside 冷冻品到了化了还能要吗, "free returns?" none beside "Who pays for return
    // shipping?", "tradein" none beside "Do you take trade-ins?".
    expectConcepts([
      ['隔天能到吗', '~nextday'],
      ['有半日达吗', '~sameday'],
      ['箱子里放干冰了吗', '~冷链'],
      ['鱼化冻了', '~解冻'],
      ['缺斤少两', '~weight'],
      ['能自取吗', '~pickup'],
      ['提货码多少', '~取货码'],
      ['年卡多少钱', '~会员权益'],
      ['要另收钱吗', '~fee'],
      ['偏远地区送吗', '~配送范围'],
      ['能寄到呼和浩特吗', '~配送范围'],
      ['购物卡能用吗', '~礼品卡'],
      ['橘子发霉了', '~damage'],
      ['三样只收到两样', '~漏发'],
      ['free returns?', '~returncost'],
      ['is there a return label', '~returncost'],
      ['trade in my tablet', '~tradein'],
      ['any import taxes', '~duties'],
      ['uni discount', '~student'],
      ['does it work with android', '~compatible'],
      ['my parcel never arrived', '~missing'],
      ['can they leave it at the door', '~signature'],
      ['is it open box', '~refurbished'],
      ['can i pay monthly', '~installment'],
      ['overnight delivery', '~nextday'],
      ['do you accept amex', '~card'],
      ['it arrived damaged', '~damage'],
      ['my speaker stopped working', '~warranty'],
      ['is a power adapter included', '~charger'],
    ]);
  });

  it("reads a furniture shop's, a beauty shop's and a Taiwanese shop's everyday words as their concepts", () => {
    // From a ninth outside QA pass (an English furniture shop, a Chinese cosmetics shop, a Taiwanese
    // bookshop): "put it together" reached no entry beside "Does the furniture come assembled?", 起红疹
    // none beside 用了过敏怎么办, 711 none beside 可以超商取貨嗎.
    expectConcepts([
      ['can someone put it together', '~assemble'],
      ['is the wardrobe flat pack', '~assemble'],
      ['we live up three flights of stairs', '~stairs'],
      ['is there a lift', '~stairs'],
      ['i need to rearrange the drop off', '~reschedule'],
      ['is it ok on a patio', '~garden'],
      ['my dog chews everything', '~pets'],
      ['a bolt is missing', '~parts'],
      ['is the top mdf', '~material'],
      ['how wide is the desk', '~size'],
      ['interest free options', '~installment'],
      ['what are your delivery times', '~when'],
      ['the cushions were not included', '~missing'],
      ['擦了以后刺痛', '~过敏'],
      ['含不含香精', '~成分'],
      ['是保税发货吗', '~跨境'],
      ['要自己交税吗', '~duties'],
      ['用了长闭口', '~痘'],
      ['是临期的吗', '~expiry'],
      ['瓶子漏液', '~damage'],
      ['封面有划痕', '~damage'],
      ['711取件', '~超商'],
      ['可以超取嗎', '~超商'],
      ['我不想买了', '~cancel'],
      ['有二手的吗', '~refurbished'],
    ]);
  });

  it("reads a baby shop's and a pet shop's everyday words as their concepts", () => {
    // From a tenth outside QA pass (a Chinese mother-and-baby shop, an English pet-supplies shop):
    // 尿不湿 reached no entry beside 纸尿裤漏尿怎么办, 罐子压扁了 none beside 奶粉罐被压瘪了, 日本發貨嗎 none
    // beside 海外直邮, and "recurring delivery" and "flea medicine" none beside the Autoship and
    // pharmacy entries.
    expectConcepts([
      ['尿不湿老是漏', '~纸尿裤'],
      ['推车能躺吗', '~婴儿车'],
      ['安全坐椅怎么装', '~安全座椅'],
      ['清关要多久', '~跨境'],
      ['能发极兔吗', '~parcel'],
      ['罐子压扁了', '~damage'],
      ['日本发货吗', '~国外'],
      ['can i set up recurring delivery', '~autoship'],
      ['do you sell flea medicine', '~medication'],
      ['does it contain chicken', '~ingredients'],
      ['the food spilled in the box', '~damage'],
      ['do you sell goldfish', '~pets'],
    ]);
  });

  it("reads a home-appliance shop's everyday words as their concepts", () => {
    // From an eleventh outside QA pass (a Chinese home-appliance shop with bare questions): 按装免费吗
    // (the pinyin typo of 安装) reached no entry beside 包安装吗, 国补怎么领 none beside 国家补贴,
    // 有没有延长保修 none beside 延保服务, and 冰箱门有个凹坑 none beside 磕碰.
    expectConcepts([
      ['按装免费吗', '~安装'],
      ['师傅上门要钱吗', '~安装'],
      ['国补怎么领', '~补贴'],
      ['有延长保修吗', '~延保'],
      ['有电子版使用说明吗', '~说明书'],
      ['冰箱门有个凹坑', '~damage'],
      ['送来的时候磕坏了', '~damage'],
      ['新空调不制冷', '~warranty'],
    ]);
  });

  it("reads an apparel shop's words for faults, stores and rewards as their concepts", () => {
    // From the same pass (an English apparel and shoe shop whose entries are headings: "Faulty
    // items", "Our stores", "Rewards program", "Student discount", "Sustainability").
    expectConcepts([
      ['my shoe sole is coming off', '~warranty'],
      ['there is a hole in my sweater', '~warranty'],
      ['unidays?', '~student'],
      ['is the cotton organic', '~eco'],
      ['are your factories ethical', '~eco'],
      ['whats the cutoff for same day dispatch', '~when'],
      ['do you have a shop in chicago', '~shoplocation'],
      ['do you have a loyalty program', '~loyalty'],
      ['how many reward points do i have', '~loyalty'],
    ]);
  });

  it("reads a software shop's licence, activation and version words as their concepts", () => {
    // From the same pass (an English digital-goods shop: licence keys, activations, trials, renewals,
    // versions, system requirements; nothing shipped): "never got the activation code" reached no
    // entry beside "Where can I find my licence key?", "is there a demo version" none beside the
    // free trial, and "does it work on linux" none beside "System requirements".
    expectConcepts([
      ['never got the activation code', '~licensekey'],
      ['where do i find the serial number', '~licensekey'],
      ['too many activations', '~activate'],
      ['new laptop how do i transfer the license', '~computer'],
      ['is there a demo version', '~trial'],
      ['it renewed without asking me', '~renew'],
      ['i need the previous version', '~version'],
      ['where is the installer', '~install'],
      ['does it work on linux', '~requirements'],
      ['is my data sold', '~privacy'],
      ['it says invalid license', '~error'],
      ['serial rejected', '~error'],
    ]);
  });

  it('gives price adjustments one concept in English and Chinese', () => {
    const concepts = (text: string) => [...analyzer.analyze(text).keys()].filter((t) => t.startsWith('~'));
    expect(concepts('买了就降价了')).toContain('~priceadjust');
    expect(concepts('the price dropped')).toContain('~priceadjust');
  });

  it('indexes both words when a correction splits one typed without a space', () => {
    const bag = createAnalyzer({ synonyms: [] }).analyze('editingplatinum account', {
      correct: (w) => (w === 'editingplatinum' ? 'editing platinum' : w),
    });
    expect([...bag.keys()]).toEqual(['edit', 'platinum', 'account']);
  });

  it('reads chat short forms as the words they stand for', () => {
    const a = createAnalyzer({ synonyms: [] });
    expect([...a.analyze('update my acct addr').keys()]).toEqual([
      ...a.analyze('update my account address').keys(),
    ]);
    // An electronics shop's answer says "built-in microphones"; the shopper asks "do they have a mic".
    expect([...a.analyze('a mic').keys()]).toEqual([...a.analyze('a microphone').keys()]);
    // An apparel shop's entry asks "Do your shoes run true to size?"; the shopper types "tts".
    expect([...a.analyze('are they tts').keys()]).toEqual([...a.analyze('are they true to size').keys()]);
  });

  it("reads a shopper's pronoun forms as stop words and common misspellings as their words", () => {
    const a = createAnalyzer({ synonyms: [] });
    const same = (typed: string, written: string) =>
      expect([...a.analyze(typed).keys()], typed).toEqual([...a.analyze(written).keys()]);
    // "r", "y", "idk" and "abt" were topic words of their own, which no knowledge base uses.
    same('r u open on sunday', 'are you open on sunday');
    same('y is it late', 'why is it late');
    same('idk my password', 'i dont know my password');
    same('abt my order', 'about my order');
    same('lemme change my adress', 'let me change my address');
    // "adress" is one edit from "dress" too, so typo tolerance leaves it as typed.
    same('when will i recieve my pakage', 'when will i receive my package');
  });

  it('counts the characters of a three-character "when" phrase as its concept, not as topic words', () => {
    // A thirteenth outside QA pass: every entry that says 什么时候 shared 时 and 候 with every question
    // that does, beside the `when` an entry saying 多久 shares as well.
    const terms = [...analyzer.analyze('什么时候发货').keys()];
    expect(terms).toContain('~when');
    expect(terms).toContain('时候');
    expect(terms).not.toContain('时');
    expect(terms).not.toContain('候');
    expect([...analyzer.analyze('多长时间到').keys()]).not.toContain('长');
    // Outside such a phrase the characters count as ever.
    expect([...analyzer.analyze('营业时间').keys()]).toContain('时');
  });

  it('reads a phrasal verb with its object between ("send a toy back") as the phrase\'s concept', () => {
    // A sixteenth outside QA pass: "How do I send a toy back?" carried no `return`, so "how do i
    // return something" was answered with the returns policy at 0.99, far ahead of it.
    const concepts = (text: string) => [...analyzer.analyze(text).keys()].filter((t) => t.startsWith('~'));
    expect(concepts('How do I send a toy back?')).toContain('~return');
    expect(concepts('can i ship my order back')).toContain('~return');
    expect(concepts('send it back')).toContain('~return');
    // Not across a longer stretch: "send" and "back" there are two thoughts.
    expect(concepts('send the invoice to my office and come back')).not.toContain('~return');
  });
  it('reads no concept of a word inside a compound that names another thing ("gift card", "grind size")', () => {
    // "Do you sell gift cards?" read as paying by card ranked first for "what cards do you accept",
    // and "grind size for aeropress?" was answered with the bag-sizes entry at 0.98.
    const terms = (text: string) => [...analyzer.analyze(text).keys()];
    expect(terms('Do you sell gift cards?')).not.toContain('~card');
    expect(terms('Do you sell gift cards?')).toContain('card');
    expect(terms('Can I pay with a gift voucher?')).not.toContain('~coupon');
    expect(terms('grind size for aeropress?')).not.toContain('~size');
    expect(terms('grind size for aeropress?')).toContain('~grind');
    expect(terms('what cards do you accept')).toContain('~card');
    expect(terms('What bag sizes do you have?')).toContain('~size');
  });
  it('reads 还能退 ("can it still be returned") as returning', () => {
    // 「弹过了还能退吗」 shared no return word with 「支持七天无理由退货吗？」 (能退 alone, dropped in the
    // fifth pass, cost dev off-topic refusals; 还 asks whether the return still holds after something).
    expectConcepts([
      ['弹过了还能退吗', '~return'],
      ['拆封了还可以退吗', '~return'],
    ]);
  });
  it("reads a coffee shop's grind, decaf, delivery-schedule and size words as their concepts", () => {
    expectConcepts([
      ['Do you sell ground coffee or only whole beans?', '~grind'],
      ['can i get it pre ground', '~grind'],
      ['how do you decaffeinate', '~decaf'],
      ['is it caffeine free', '~decaf'],
      ['can i get coffee every two weeks', '~autoship'],
      ['Can I get coffee delivered regularly?', '~autoship'],
      ['do u sell bigger bags', '~size'],
    ]);
  });
  it('reads made-to-order food words as one concept (现做, 现烤, 不囤货)', () => {
    expectConcepts([
      ['是现做的吗', '~现做'],
      ['是现烤现发的吗？', '~现做'],
      ['你们不囤货吗', '~现做'],
    ]);
  });

  it('reads the negation of a yes-no question frame (能不能, 是不是, 可不可以, 是否) as no term', () => {
    // As bigrams, 能不能 wrote 不能 into the query: the word of entries about what cannot be done.
    for (const [frame, plain] of [
      ['能不能退货', '能退货'],
      ['是不是正品', '是正品'],
      ['可不可以开发票', '可以开发票'],
      ['有没有发票', '有发票'],
      ['是否包邮', '包邮'],
    ] as const)
      expect([...analyzer.analyze(frame).keys()].sort(), frame).toEqual(
        [...analyzer.analyze(plain).keys()].sort(),
      );
    // A real negation stays.
    expect([...analyzer.analyze('为什么不能用').keys()]).toContain('不能');
  });

  it('reads general words of outer boxes, transit hubs, missing items, repairs and big orders as their concepts', () => {
    expectConcepts([
      ['外箱破损', '~parcel'],
      ['纸箱压坏了', '~parcel'],
      ['快递卡在中转站', '~不更新'],
      ['输优惠码提示无效', '~失败'],
      ['优惠券用不了', '~失败'],
      ['找不到我的订单', '~track'],
      ['do you do discounts on big orders', '~wholesale'],
      ['one item wasnt in the box', '~missing'],
      ['how do i get it fixed', '~warranty'],
      ['can it be repaired', '~warranty'],
    ]);
  });
});
