import { FAVICON_LINK } from '../favicon.ts';
import { esc } from '../html.ts';

const CSS = `*{box-sizing:border-box}[hidden]{display:none!important}body{margin:0;font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#eef1f5;color:#1d2129}
header{display:flex;align-items:center;gap:16px;padding:12px 20px;background:#1f2937;color:#fff}header h1{font-size:17px;margin:0}
#status{font-size:12px;padding:2px 8px;border-radius:999px;background:#374151}#status[data-status=open]{background:#15803d}
#me{margin-left:auto}main{padding:20px;max-width:1200px;margin:0 auto}
form#signin{background:#fff;border-radius:12px;padding:24px;max-width:440px;display:grid;gap:12px}
label{font-weight:600}select,input,textarea{font:inherit;font-size:16px;padding:8px 10px;border:1px solid #cbd5e1;border-radius:8px;width:100%}
button{font:inherit;font-weight:600;border:0;border-radius:8px;padding:8px 14px;cursor:pointer;background:#2454d6;color:#fff}button:disabled{background:#cbd5e1;color:#475569;cursor:default}
#desk{display:grid;grid-template-columns:320px 1fr;gap:16px;align-items:start}
#inbox{list-style:none;margin:0;padding:0;display:grid;gap:10px}#inbox li{background:#fff;border-radius:10px;padding:12px;display:grid;gap:4px;border:2px solid transparent}
#inbox li.active{border-color:#2454d6}#inbox .state{font-size:12px;color:#b45309}#inbox .preview,#inbox .product{font-size:13px;color:#475569}#inbox .empty{color:#64748b}
#inbox button{justify-self:start;margin-top:4px}#conversation{background:#fff;border-radius:12px;display:flex;flex-direction:column;height:calc(100vh - 120px);min-height:420px}
#conversation header{background:#f8fafc;color:#1d2129;border-radius:12px 12px 0 0;border-bottom:1px solid #e2e8f0;flex-wrap:wrap}
#conv-title{font-weight:700}#conv-rating{color:#b45309;font-weight:600}#conv-page{font-size:12px;color:#64748b;flex-basis:100%}#close{margin-left:auto;background:#b91c1c}
#messages{flex:1;overflow:auto;padding:16px;display:flex;flex-direction:column;gap:6px}
.msg{max-width:75%;padding:6px 10px;border-radius:10px;background:#f1f5f9;white-space:pre-wrap;overflow-wrap:anywhere}.msg .author{display:block;font-size:11px;color:#64748b}
.msg.agent,.msg.bot{align-self:flex-end;background:#dbe6ff}.msg.system{align-self:center;background:none;color:#64748b;font-size:12px}
#typing{font-size:12px;color:#64748b;padding:0 16px;min-height:18px}#composer{display:flex;gap:8px;padding:12px;border-top:1px solid #e2e8f0}
#flash{background:#fee2e2;color:#991b1b;padding:8px 12px;border-radius:8px;margin-bottom:12px}
@media (max-width:760px){#desk{grid-template-columns:1fr}}`;

/**
 * The agent page's HTML shell; `/agent/app.js` is its script (bundled at start-up). `agents`: the
 * demo accounts to pick from, tokens shown; none (a demo others can reach) asks for a token.
 */
export function agentPage(nonce: string, agents: readonly { name: string; token: string }[]): string {
  const options = agents
    .map((a) => `<option value="${esc(a.token)}">${esc(a.name)} (${esc(a.token)})</option>`)
    .join('');
  const field = options
    ? `<select id="token">${options}</select>`
    : '<input id="token" type="password" autocomplete="off" required placeholder="the token printed at start">';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>客服工作台 · Agent desk — Kefu Demo Shop</title>
${FAVICON_LINK}
<style nonce="${nonce}">${CSS}</style>
<script type="module" src="/agent/app.js" nonce="${nonce}"></script>
</head>
<body>
<header><h1>客服工作台 · Agent desk</h1><span id="status">idle</span><span id="me"></span></header>
<main>
<p id="flash" role="alert" hidden></p>
<form id="signin">
<label for="token">演示账号 Demo agent</label>
${field}
<button type="submit">登录 Sign in</button>
</form>
<div id="desk" hidden>
<section aria-label="收件箱 Inbox"><ul id="inbox"></ul></section>
<section id="conversation" hidden aria-label="会话 Conversation">
<header><span id="conv-title"></span><span id="conv-rating"></span><button type="button" id="close">结束会话 Close</button><span id="conv-page"></span></header>
<div id="messages" role="log" aria-live="polite"></div>
<div id="typing"></div>
<form id="composer"><textarea id="reply" rows="2" aria-label="回复 Reply" placeholder="输入回复，Enter 发送 · Type a reply, Enter to send"></textarea><button type="submit" id="send">发送 Send</button></form>
</section>
</div>
</main>
</body>
</html>`;
}
