import type { Order } from '@kefu/protocol';
import { esc, jsonForScript } from './html.ts';
import { SIMULATE_COMMAND, SIMULATE_DEFAULT_URL, SIMULATED_STEPS } from './order-system.ts';
import { type Lang, layout, price, withLang } from './pages.ts';

const T = {
  zh: {
    shop: '客服演示店',
    orders: '我的订单',
    signedIn: (c: string) => `演示顾客 ${c}（已登录：客服窗口知道您是谁，订单通知会发给您）`,
    orderTitle: '订单详情',
    orderHelp: "这一页通过 Kefu('setContext', { order }) 把订单交给客服窗口，打开后可以看到物流进度。",
    status: {
      paid: '待发货',
      shipped: '已发货',
      in_transit: '运输中',
      out_for_delivery: '派送中',
      delivered: '已签收',
    },
    simTitle: '订单事件模拟器',
    simHelp:
      '扮演商家的订单系统：事件经签名的 POST /api/v1/inbound/order-events 发给 Kefu，客服窗口随即收到通知（关闭时显示未读角标）。签收后，通知下方的「申请退货」两步即可办理。',
    steps: {
      shipped: '发货',
      out_for_delivery: '派送中',
      delivered: '签收',
      late: '超时未发货（付款 49 小时前）',
    },
    script: '也可以用脚本：',
    photo: '试试售后拍照：下载这张',
    photoLink: '破损纸箱照片',
    photoEnd: '，在客服窗口里发送，识别为「破损」后会转给售后组。',
  },
  en: {
    shop: 'Kefu Demo Shop',
    orders: 'My orders',
    signedIn: (c: string) =>
      `Demo customer ${c} (signed in: the chat knows who you are, and order news reaches you)`,
    orderTitle: 'Order details',
    orderHelp:
      "This page hands the order to the chat with Kefu('setContext', { order }); open the chat to see its progress.",
    status: {
      paid: 'Awaiting shipment',
      shipped: 'Shipped',
      in_transit: 'In transit',
      out_for_delivery: 'Out for delivery',
      delivered: 'Delivered',
    },
    simTitle: 'Order event simulator',
    simHelp:
      'Plays the merchant\'s order system: each event goes to Kefu through the signed POST /api/v1/inbound/order-events, and the chat shows the notice at once (an unread badge when it is closed). Once delivered, the notice\'s "Request a return" does it in two taps.',
    steps: {
      shipped: 'Ship',
      out_for_delivery: 'Out for delivery',
      delivered: 'Deliver',
      late: 'Late: paid 49 h ago, not shipped',
    },
    script: 'Or from a terminal:',
    photo: 'Try an after-sales photo: download this',
    photoLink: 'photo of a damaged box',
    photoEnd: ', send it in the chat, and the recognizer routes it to after-sales as damaged.',
  },
} as const;

/** What an order page of a signed-in demo customer adds: who they are and the widget's identity token. */
export interface DemoCustomer {
  id: string;
  /** A fresh, single-use identity token for `Kefu('identify')`. */
  token: string;
}

const identify = (customer: DemoCustomer) => `Kefu('identify',${jsonForScript({ token: customer.token })});`;

/** "My orders": the demo customer's two orders, each with its status. */
export function ordersPage(orders: Order[], customer: DemoCustomer, lang: Lang, nonce: string): string {
  const t = T[lang];
  const rows = orders
    .map(
      (o) =>
        `<li><a href="${withLang(`/orders/${o.id}`, lang)}">${esc(o.id)}</a> · ${esc(t.status[o.status])} · ${price(o.total ?? 0)}</li>`,
    )
    .join('');
  return layout({
    lang,
    nonce,
    path: '/orders',
    title: `${t.orders} - ${t.shop}`,
    body: `<div class="order"><h1>${esc(t.orders)}</h1><p class="muted">${esc(t.signedIn(customer.id))}</p><ul class="details">${rows}</ul></div>`,
    script: identify(customer),
  });
}

/**
 * An order page: it hands the order to the widget with setContext, so the panel shows its
 * progress. For the signed-in demo customer's own orders it also has the order event simulator.
 */
export function orderPage(
  order: Order,
  lang: Lang,
  nonce: string,
  customer?: DemoCustomer & { owns: boolean },
  demoOrigin = SIMULATE_DEFAULT_URL,
): string {
  const t = T[lang];
  // The script posts to 5173 unless told: a demo elsewhere (PORT, HOST) names itself.
  const url = demoOrigin === SIMULATE_DEFAULT_URL ? '' : ` --url ${demoOrigin}`;
  const simulator =
    customer?.owns === true
      ? `<section class="sim" aria-labelledby="sim-title"><h2 id="sim-title">${esc(t.simTitle)}</h2><p class="muted">${esc(t.simHelp)}</p>
<form method="post" action="${esc(withLang(`/orders/${order.id}/simulate`, lang))}" id="sim">${SIMULATED_STEPS.map((s) => `<button name="step" value="${s}">${esc(t.steps[s])}</button>`).join(' ')}</form>
<p class="muted" id="sim-result" role="status"></p>
<p class="muted">${esc(t.script)} <code>${SIMULATE_COMMAND} -- --customer ${esc(customer.id)} --order ${esc(order.id)} --step shipped${lang === 'en' ? ' --lang en' : ''}${esc(url)}</code></p>
<p class="muted">${esc(t.photo)} <a href="/samples/damaged-parcel.jpg" download>${esc(t.photoLink)}</a>${esc(t.photoEnd)}</p></section>`
      : '';
  // Without script the form posts and comes back here; with it the page stays, so the notice arrives live.
  const simulate = `document.getElementById('sim')?.addEventListener('submit',async(e)=>{e.preventDefault();const f=e.target,b=e.submitter,out=document.getElementById('sim-result');const r=await fetch(f.action,{method:'POST',headers:{'content-type':'application/x-www-form-urlencoded',accept:'application/json'},body:'step='+b.value});out.textContent=b.textContent+': '+r.status+' '+JSON.stringify(await r.json());});`;
  const body = `<div class="order"><h1>${esc(t.orderTitle)} · ${esc(order.id)}</h1><p class="muted">${esc(t.orderHelp)}</p>
<p><b id="order-status">${esc(t.status[order.status])}</b></p>
<ul class="details">${(order.items ?? []).map((i) => `<li>${esc(i.title)} × ${i.quantity}</li>`).join('')}</ul><p class="price">${price(order.total ?? 0)}</p>${simulator}</div>`;
  return layout({
    lang,
    nonce,
    path: `/orders/${order.id}`,
    title: `${t.orderTitle} - ${t.shop}`,
    body,
    script: `${customer ? identify(customer) : ''}Kefu('setContext',${jsonForScript({ order })});${simulator ? `${follow(order.id, lang)}addEventListener('DOMContentLoaded',()=>{${simulate}});` : ''}`,
  });
}

/**
 * A notice from the shop (shipped, delivered…) means the order changed: the page reads it again
 * and hands it to the widget, so the chat's order card and the page's status move on at once, as a
 * merchant's page would after its own order system changed.
 */
function follow(orderId: string, lang: Lang): string {
  const statuses = jsonForScript(T[lang].status);
  return `Kefu('on','message',async(m)=>{if(m.author.kind==='shopper')return;const r=await fetch(${jsonForScript(withLang(`/orders/${orderId}`, lang))},{headers:{accept:'application/json'}});if(!r.ok)return;const order=await r.json();Kefu('setContext',{order});const s=document.getElementById('order-status');if(s)s.textContent=${statuses}[order.status]??order.status;});`;
}
