import { CATALOG, type CatalogProduct } from './catalog.ts';
import { FAVICON_LINK } from './favicon.ts';
import { esc, jsonForScript } from './html.ts';

export type Lang = 'zh' | 'en';

const T = {
  zh: {
    shop: '客服演示店',
    tagline: '服饰 · 数码 · 7 天无理由退换',
    home: '首页',
    orders: '我的订单',
    agent: '客服工作台',
    add: '加入购物车',
    buy: '立即购买',
    added: '已加入购物车',
    rating: (r: number, n: number) => `${r} 分 · ${n.toLocaleString('zh-CN')} 条评价`,
    shipping: '满 99 元包邮 · 现货 48 小时内发货',
    details: '商品详情',
    help: '有问题？点右下角的客服按钮，试试问「这件有 L 码吗？」或「转人工」。客服在',
    helpAgent: '客服工作台',
    helpEnd: '接待。',
    hot: '热卖商品',
    lang: 'English',
  },
  en: {
    shop: 'Kefu Demo Shop',
    tagline: 'Apparel · Electronics · 7-day returns',
    home: 'Home',
    orders: 'My orders',
    agent: 'Agent desk',
    add: 'Add to cart',
    buy: 'Buy now',
    added: 'Added to cart',
    rating: (r: number, n: number) => `${r} · ${n.toLocaleString('en')} reviews`,
    shipping: 'Free shipping over ¥99 · ships within 48 h',
    details: 'Details',
    help: 'Questions? Use the chat button at the bottom right, e.g. "Do you have size L?" or "talk to a person". Agents answer on the',
    helpAgent: 'agent desk',
    helpEnd: '.',
    hot: 'Bestsellers',
    lang: '中文',
  },
} as const;

export const price = (n: number) => `¥${n.toFixed(0)}`;
export const withLang = (path: string, lang: Lang) => (lang === 'en' ? `${path}?lang=en` : path);

const SHOP_CSS = `*{box-sizing:border-box}body{margin:0;font:15px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1d2129;background:#f6f7f9}
a{color:inherit}header.top{background:#fff;border-bottom:1px solid #e6e8eb}.bar{max-width:1080px;margin:0 auto;display:flex;align-items:center;gap:24px;padding:14px 20px}
.logo{font-weight:800;font-size:20px;text-decoration:none;color:#b4232a}.logo small{display:block;font-weight:500;font-size:12px;color:#6b7280}
nav{display:flex;gap:18px;margin-left:auto;font-size:14px}nav a{text-decoration:none;color:#374151}nav a:hover{color:#b4232a}
main{max-width:1080px;margin:0 auto;padding:24px 20px 80px}h1{font-size:26px;line-height:1.3;margin:0 0 8px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:18px}.tile{background:#fff;border-radius:14px;overflow:hidden;text-decoration:none;box-shadow:0 1px 3px #0000000f}
.tile img{width:100%;aspect-ratio:1;display:block}.tile div{padding:12px 14px}.tile b{color:#b4232a}
.product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:32px;background:#fff;border-radius:16px;padding:24px}
.product img{width:100%;border-radius:12px;aspect-ratio:1}.crumb{font-size:13px;color:#6b7280;margin-bottom:10px}
.price{font-size:28px;color:#b4232a;font-weight:800}.price s{font-size:15px;color:#9ca3af;font-weight:400;margin-left:8px}
.opts{display:flex;gap:8px;flex-wrap:wrap;margin:14px 0}.opts button{border:1px solid #d1d5db;background:#fff;border-radius:8px;padding:6px 14px;font:inherit;cursor:pointer}
.opts button[aria-pressed=true]{border-color:#b4232a;color:#b4232a}.cta{display:flex;gap:10px;margin-top:18px}
.cta button{font:inherit;font-weight:700;border:0;border-radius:999px;padding:12px 26px;cursor:pointer}.cta .add{background:#fde8e8;color:#9b1c1c}.cta .buy{background:#b4232a;color:#fff}
.muted{color:#6b7280;font-size:14px}.note{background:#fff8e6;border:1px solid #f5dfa0;border-radius:12px;padding:12px 16px;margin:0 0 20px;font-size:14px}
ul.details{padding-left:20px}.order{background:#fff;border-radius:16px;padding:24px;max-width:640px}
.sim{margin-top:20px;border-top:1px solid #e6e8eb}.sim button{font:inherit;border:1px solid #d1d5db;background:#fff;border-radius:8px;padding:6px 12px;margin:4px 4px 4px 0;cursor:pointer}.sim code{font-size:12px;word-break:break-all}
@media (max-width:720px){.product{grid-template-columns:1fr;padding:16px}nav{gap:12px}.bar{flex-wrap:wrap;gap:10px}}`;

interface Layout {
  lang: Lang;
  title: string;
  nonce: string;
  path: string;
  head?: string;
  body: string;
  script?: string;
}

/** The page frame: header, the widget's snippet and tag (the only thing a merchant adds), a nonce'd CSP. */
export function layout({ lang, title, nonce, path, head = '', body, script = '' }: Layout): string {
  const t = T[lang];
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${esc(title)}</title>
${FAVICON_LINK}
<style nonce="${nonce}">${SHOP_CSS}</style>
${head}
<script nonce="${nonce}">window.Kefu=window.Kefu||function(){(Kefu.q=Kefu.q||[]).push(arguments)};${script}</script>
<script async src="/widget/kefu.js" data-site="demo" data-hub="/kefu" data-name="${esc(t.shop)}" nonce="${nonce}"></script>
</head>
<body>
<header class="top"><div class="bar">
<a class="logo" href="${withLang('/', lang)}">${esc(t.shop)}<small>${esc(t.tagline)}</small></a>
<nav><a href="${withLang('/', lang)}">${esc(t.home)}</a><a href="${withLang('/orders', lang)}">${esc(t.orders)}</a><a href="/agent">${esc(t.agent)}</a><a href="${esc(withLang(path, other))}" lang="${other === 'zh' ? 'zh-CN' : 'en'}">${esc(t.lang)}</a></nav>
</div></header>
<main>${body}</main>
</body>
</html>`;
}

function helpNote(lang: Lang): string {
  const t = T[lang];
  return `<p class="note">${esc(t.help)} <a href="/agent" target="_blank">${esc(t.helpAgent)}</a>${esc(t.helpEnd)}</p>`;
}

export function homePage(lang: Lang, nonce: string): string {
  const t = T[lang];
  const tiles = CATALOG.map(
    (p) =>
      `<a class="tile" href="${withLang(`/p/${p.slug}`, lang)}"><img src="/img/${p.slug}.svg" alt=""><div>${esc(p.name[lang])}<br><b>${price(p.price)}</b></div></a>`,
  ).join('');
  return layout({
    lang,
    nonce,
    path: '/',
    title: t.shop,
    body: `${helpNote(lang)}<h1>${esc(t.hot)}</h1><div class="grid">${tiles}</div>`,
  });
}

/** A product page with the schema.org JSON-LD and Open Graph tags the widget reads its product card from. */
export function productPage(p: CatalogProduct, lang: Lang, origin: string, nonce: string): string {
  const t = T[lang];
  const url = `${origin}/p/${p.slug}`;
  const image = `${origin}/img/${p.slug}.svg`;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    sku: p.sku,
    name: p.name[lang],
    description: p.blurb[lang],
    image,
    url,
    category: p.category[lang],
    aggregateRating: { '@type': 'AggregateRating', ratingValue: p.rating, reviewCount: p.reviews },
    offers: {
      '@type': 'Offer',
      price: p.price,
      priceCurrency: 'CNY',
      availability: 'https://schema.org/InStock',
    },
  };
  const head = `<meta property="og:type" content="product">
<meta property="og:title" content="${esc(p.name[lang])}">
<meta property="og:image" content="${esc(image)}">
<meta property="og:url" content="${esc(url)}">
<meta property="product:price:amount" content="${p.price}">
<meta property="product:price:currency" content="CNY">
<script type="application/ld+json" nonce="${nonce}">${jsonForScript(jsonLd)}</script>`;
  const opts = p.options.values
    .map((v, i) => `<button type="button" aria-pressed="${i === 1 ? 'true' : 'false'}">${esc(v)}</button>`)
    .join('');
  const body = `${helpNote(lang)}<div class="product">
<img src="/img/${p.slug}.svg" alt="${esc(p.name[lang])}">
<div>
<div class="crumb">${esc(t.home)} / ${esc(p.category[lang])}</div>
<h1>${esc(p.name[lang])}</h1>
<p class="muted">${esc(t.rating(p.rating, p.reviews))}</p>
<p>${esc(p.blurb[lang])}</p>
<div class="price">${price(p.price)}${p.listPrice ? `<s>${price(p.listPrice)}</s>` : ''}</div>
<p class="muted">${esc(t.shipping)}</p>
<div class="muted">${esc(p.options[lang])}</div>
<div class="opts" role="group" aria-label="${esc(p.options[lang])}">${opts}</div>
<div class="cta"><button type="button" class="add">${esc(t.add)}</button><button type="button" class="buy">${esc(t.buy)}</button></div>
<h2>${esc(t.details)}</h2>
<ul class="details">${p.details[lang].map((d) => `<li>${esc(d)}</li>`).join('')}</ul>
</div></div>`;
  return layout({ lang, nonce, path: `/p/${p.slug}`, title: `${p.name[lang]} - ${t.shop}`, head, body });
}

/** The product picture: a generated SVG, so the demo ships no binary assets. */
export function productImage(p: CatalogProduct): string {
  const [a, b] = p.colors;
  const shape =
    p.category.en === 'Electronics'
      ? `<rect x="150" y="170" width="300" height="180" rx="90" fill="#fff" opacity=".92"/><circle cx="230" cy="260" r="46" fill="${b}"/><circle cx="370" cy="260" r="46" fill="${b}"/>`
      : `<path d="M210 150l-90 60 40 70 40-25v215h200V255l40 25 40-70-90-60c-10 30-40 50-90 50s-80-20-90-50z" fill="#fff" opacity=".92"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs><rect width="600" height="600" fill="url(#g)"/>${shape}</svg>`;
}
