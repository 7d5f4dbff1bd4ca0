import { describe, expect, it } from 'vitest';
import { splitLinks } from '../client/message-links.ts';
import { plainAnswer } from './plain-answer.ts';

describe('plainAnswer', () => {
  it('turns paragraphs, line breaks and list items from a help centre export into lines', () => {
    expect(plainAnswer('<p>满 99 包邮</p>\n<p>偏远地区<br/>除外</p>')).toBe('满 99 包邮\n偏远地区\n除外');
    expect(plainAnswer('<h2>快递</h2><ul>\n  <li>顺丰</li>\n  <li><strong>中通</strong></li>\n</ul>')).toBe(
      '快递\n• 顺丰\n• 中通',
    );
    expect(plainAnswer('one<br><br>two<div>three</div>')).toBe('one\n\ntwo\nthree');
  });

  it('writes a link as "label: address", the address alone when it is the label', () => {
    expect(plainAnswer('见 <a href="https://shop.example/returns">退货页</a>。')).toBe(
      '见 退货页: https://shop.example/returns。',
    );
    expect(plainAnswer('<a href="https://shop.example/returns">https://shop.example/returns</a>')).toBe(
      'https://shop.example/returns',
    );
    expect(plainAnswer("<a href='https://shop.example/a?x=1&amp;y=2'>the page</a> now")).toBe(
      'the page: https://shop.example/a?x=1&y=2 now',
    );
    expect(plainAnswer('see <https://shop.example/r>.')).toBe('see https://shop.example/r.');
  });

  it('keeps a link on the line its block or line break starts', () => {
    expect(plainAnswer('<p>见  </p> \n <p><a href="https://shop.example/r">退货页</a></p>')).toBe(
      '见\n退货页: https://shop.example/r',
    );
    expect(plainAnswer('a <br> <a href="https://shop.example/r">x<br></a>y')).toBe(
      'a\nx: https://shop.example/r\ny',
    );
  });

  it('keeps a space after an address, so the chat does not link the text that follows', () => {
    expect(plainAnswer('<a href="https://shop.example/r">退货页</a>后申请')).toBe(
      '退货页: https://shop.example/r 后申请',
    );
  });

  it('shows a mailto link as its address and any other target as the label only', () => {
    expect(plainAnswer('<a href="mailto:help@shop.example?subject=hi">写信</a>')).toBe(
      '写信: help@shop.example',
    );
    expect(plainAnswer('<a href="javascript:alert(1)">点我</a>，<a href="data:text/html,x">这里</a>')).toBe(
      '点我，这里',
    );
    expect(plainAnswer('<a href="https://shop.example@evil.example/">shop</a>')).toBe('shop');
    expect(plainAnswer('<a href="/help/returns">退货</a>')).toBe('退货');
  });

  it('decodes named and numeric entities, leaving unknown ones', () => {
    expect(plainAnswer('满&nbsp;99 &amp; 包邮 &lt;b&gt; &#x4E2D;&#25991; &quot;x&quot; &bogus; AT&T')).toBe(
      '满 99 & 包邮 <b> 中文 "x" &bogus; AT&T',
    );
  });

  it('shows no character that reorders or hides the text around an address, written or as an entity', () => {
    const rlo = '<a href="https://evil.example/lmth.snruter/moc.pohs">&#8238;退货页</a>&#x202c;';
    expect(plainAnswer(rlo)).toBe('退货页: https://evil.example/lmth.snruter/moc.pohs');
    expect(plainAnswer('退&#8203;货 &#x1b;[31m&#127;见 <b>x</b>')).toBe('退货 [31m见 x');
    expect(plainAnswer('\u202E看 https://evil.example/')).toBe('看 https://evil.example/');
    // Separators as references cannot push the address out of sight: they collapse as new lines do.
    expect(plainAnswer(`<a href="https://evil.example/">退货${'&#8232;'.repeat(50)}页</a>`)).toBe(
      '退货\n\n页: https://evil.example/',
    );
    // A mark written as it is sets the direction of what is neutral and reverses nothing: it stays.
    expect(plainAnswer('a\u200Fb&#8206;c&#10;d')).toBe('a\u200Fbc\nd');
  });

  it('drops every other tag, and the text of scripts, styles and comments', () => {
    expect(
      plainAnswer(
        '<div class="x"><span style="color:red">红色</span><script>alert(1)</script><!-- c --></div>',
      ),
    ).toBe('红色');
    expect(plainAnswer('<p class="MsoNormal">订单页申请<o:p></o:p></p>')).toBe('订单页申请');
  });

  it("drops a help centre's embedded video, frame or picture with its fallback text, instead of showing its tags", () => {
    // They were not in the list of elements, so the chat showed "<iframe src=…></iframe>" as written.
    expect(
      plainAnswer(
        '<p>安装步骤见视频：</p><p><iframe src="https://www.youtube.com/embed/x" width="560" allowfullscreen></iframe></p>',
      ),
    ).toBe('安装步骤见视频：');
    expect(
      plainAnswer(
        '看视频<video controls><source src="a.mp4" type="video/mp4">您的浏览器不支持视频。</video><picture><source srcset="b.webp"><img src="b.png"></picture>',
      ),
    ).toBe('看视频');
    expect(plainAnswer('<p>向右<bdo dir="rtl">abc</bdo><iframe src="x"/>滑动</p>')).toBe('向右abc滑动');
  });

  it('reads Markdown bold, italics, headings and links the same way', () => {
    expect(plainAnswer('**满 99 元包邮**，*偏远地区*除外')).toBe('满 99 元包邮，偏远地区除外');
    expect(plainAnswer('## 尺码表\n按身高选择，见[尺码说明](https://shop.example/size)。')).toBe(
      '尺码表\n按身高选择，见尺码说明: https://shop.example/size。',
    );
    expect(plainAnswer('__Note__: _free_ returns, ![photo](https://shop.example/p.png)')).toBe(
      'Note: free returns, photo: https://shop.example/p.png',
    );
  });

  it('keeps a picture reachable: its alt text, then its http(s) address, which the chat links', () => {
    // The size chart an answer pointed to was dropped whole: "见下图" then nothing.
    expect(
      plainAnswer('<p>尺码见下图</p><p><img src="https://shop.example/size.png" alt="尺码表"></p>'),
    ).toBe('尺码见下图\n尺码表: https://shop.example/size.png');
    expect(plainAnswer("见 <img alt='茶具 &amp; 茶' src='https://shop.example/a.jpg' width=200 />。")).toBe(
      '见 茶具 & 茶: https://shop.example/a.jpg。',
    );
    // No alt text: the address alone. alt="": decorative, dropped.
    expect(plainAnswer('图<img src="https://shop.example/b.png">')).toBe('图https://shop.example/b.png');
    // As the widget shows it: the address is a link.
    expect(splitLinks(plainAnswer('见<img src="https://shop.example/size.png" alt="尺码表">。'))).toEqual([
      { text: '见尺码表: ' },
      { text: 'https://shop.example/size.png', href: 'https://shop.example/size.png' },
      { text: '。' },
    ]);
    expect(plainAnswer('<p>退货</p><img src="https://shop.example/line.png" alt="">')).toBe('退货');
    // Never a javascript:, data: or relative address: the alt text alone.
    for (const src of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'size.png'])
      expect(plainAnswer(`<p>a</p><img src="${src}" alt="尺码表">`)).toBe('a\n尺码表');
    // Inside a link, the alt text is the link's label.
    expect(
      plainAnswer('<a href="https://shop.example/p/1"><img src="https://shop.example/1.png" alt="白茶"></a>'),
    ).toBe('白茶: https://shop.example/p/1');
    expect(
      plainAnswer('见<img src="https://shop.example/size.png" alt="尺码表">', { imageAddresses: false }),
    ).toBe('见尺码表');
  });

  it('collapses runs of blank lines', () => {
    expect(plainAnswer('<p>a</p>\n\n\n\n<p>b</p><br><br><br><br>c')).toBe('a\nb\n\nc');
    expect(plainAnswer('**a**\n\n\n\nb')).toBe('a\n\nb');
  });

  it('returns text that is not markup exactly as written', () => {
    for (const text of [
      'a < b',
      '<3',
      '5 > 3',
      'C++',
      'x*y',
      '满 2*3 件打 9 折 #1 热卖 [限时]',
      'order_id_here',
      'a * b * c',
      '回复 <订单号> 或 <Enter>',
      'R&D, Q&A; AT&T',
      '两行\n\n\n\n之间',
      '  spaced  ',
    ])
      expect(plainAnswer(text)).toBe(text);
  });

  it('leaves markup that would leave nothing to send as written', () => {
    for (const text of ['<img src="x.png">', '<p></p>', '<b> </b>']) expect(plainAnswer(text)).toBe(text);
  });
});
