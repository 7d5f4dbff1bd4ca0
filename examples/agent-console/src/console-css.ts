/**
 * The console's stylesheet, inlined into the page (one request less, and allowed by a nonce under
 * a strict CSP). Colours keep 4.5:1 contrast for axe; layout collapses to one column on phones.
 */
export const CONSOLE_CSS = `
*{box-sizing:border-box}
:root{--bg:#eef1f5;--card:#fff;--ink:#1d2129;--muted:#525c6b;--line:#d9dee7;--blue:#1d4ed8;--blue-soft:#dbe6ff;
--red:#b91c1c;--red-soft:#fde2e2;--amber:#92400e;--amber-soft:#fef3c7;--green:#166534;--green-soft:#dcfce7;--note:#fff7d6}
html,body{margin:0;height:100%}
body{font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:var(--bg);color:var(--ink)}
#app{height:100%;display:flex;flex-direction:column}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button{font:inherit;font-weight:600;border:1px solid transparent;border-radius:8px;padding:6px 12px;cursor:pointer;background:var(--blue);color:#fff}
button.secondary{background:#fff;color:var(--ink);border-color:#b8c0cc}
button.danger{background:var(--red);color:#fff}
button.secondary.danger{background:#fff;color:var(--red);border-color:var(--red)}
button.small{padding:3px 10px;font-size:13px}
button:disabled,button.secondary:disabled,button.danger:disabled,button.toggle:disabled{background:#e2e8f0;color:#475569;cursor:default;border-color:#e2e8f0}
button.link{background:none;border:0;color:var(--blue);padding:0;text-decoration:underline}
button.x{background:none;color:var(--muted);border:0;padding:0 6px;font-size:18px;line-height:1}
button.toggle{background:#374151;color:#fff;border-color:#4b5563}
button.toggle[aria-pressed=true]{background:#1e3a8a}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
input,select,textarea{font:inherit;font-size:15px;padding:7px 9px;border:1px solid #9aa4b2;border-radius:8px;background:#fff;color:var(--ink);width:100%}
textarea{resize:vertical}
a{color:var(--blue)}
.muted{color:var(--muted)}
.badge{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:999px;background:#e5e7eb;color:#1f2937;margin-left:6px}
.badge.tier{background:#fde68a;color:#713f12}.badge.prio{background:var(--amber-soft);color:var(--amber)}
.badge.anger{background:var(--red-soft);color:var(--red)}.badge.calm{background:var(--green-soft);color:var(--green)}
.badge.presence-on{background:var(--green-soft);color:var(--green)}.badge.presence-off{background:#e5e7eb;color:#4b5563}
.badge.intent{background:var(--blue-soft);color:#1e3a8a;margin-left:0}.badge.rating{background:var(--green-soft);color:var(--green)}
.badge.block{background:var(--red);color:#fff;margin-left:0}.badge.warn{background:var(--amber-soft);color:var(--amber);margin-left:0}
header.top{display:flex;align-items:center;gap:10px;padding:8px 16px;background:#111827;color:#fff;flex-wrap:wrap}
header.top .brand{font-weight:700;font-size:16px;margin-right:8px}
header.top .pages{display:flex;gap:4px}
header.top .pages a{color:#e5e7eb;text-decoration:none;padding:4px 10px;border-radius:6px}
header.top .pages a[aria-current=page]{background:#374151;color:#fff}
header.top .spacer{flex:1}
header.top .conn{font-size:12px;padding:2px 8px;border-radius:999px;background:#4b5563}
header.top .conn-open{background:#166534}header.top .conn-reconnecting,header.top .conn-connecting{background:#92400e}
header.top .conn-failed,header.top .conn-offline{background:#991b1b}
header.top .status-pick select{width:auto;padding:4px 8px;font-size:13px;background:#1f2937;color:#fff;border-color:#4b5563}
header.top .status-pick select[data-status=online]{background:#14532d}
header.top .me{font-weight:600}
.flash{display:flex;gap:8px;align-items:center;justify-content:space-between;background:var(--red-soft);color:#7f1d1d;padding:8px 16px}
main.sign-in{flex:1;display:grid;place-items:center;padding:24px}
main.sign-in form{background:var(--card);border-radius:14px;padding:28px;width:min(420px,100%);display:grid;gap:10px;box-shadow:0 8px 30px #0f172a1a}
main.sign-in h1{font-size:20px;margin:0 0 6px}
main.sign-in label{font-weight:600}
main.sign-in .muted{margin:0;font-size:13px}
main.sign-in .error{color:var(--red);margin:0}
main.sign-in .waiting{margin:0}main.sign-in .waiting:empty{display:none}
fieldset{border:1px solid var(--line);border-radius:10px;padding:8px 12px;margin:0}
fieldset.demo{display:flex;flex-wrap:wrap;gap:8px}
legend{font-weight:600;font-size:13px;padding:0 4px}
.desk{flex:1;display:grid;grid-template-columns:320px minmax(0,1fr);min-height:0}
nav.inbox{background:var(--card);border-right:1px solid var(--line);display:flex;flex-direction:column;min-height:0}
.tabs{display:flex;border-bottom:1px solid var(--line)}
.tabs [role=tab]{flex:1;background:none;color:var(--muted);border:0;border-bottom:3px solid transparent;border-radius:0;padding:10px 4px}
.tabs [role=tab][aria-selected=true]{color:var(--blue);border-bottom-color:var(--blue)}
.count{display:inline-block;min-width:20px;font-size:12px;background:#e5e7eb;color:#1f2937;border-radius:999px;padding:0 6px}
.inbox-panel{overflow:auto;flex:1;padding:8px}
.inbox-panel h3{font-size:13px;margin:10px 4px 6px;color:var(--muted)}
.inbox .empty,.inbox .more-waiting{color:var(--muted);padding:12px}
.capacity-full{margin:0 0 8px;padding:6px 10px;border-radius:8px;background:var(--amber-soft);color:#78350f;font-size:13px}
button.accept[aria-disabled=true]{background:#e2e8f0;color:#475569;border-color:#e2e8f0;cursor:not-allowed}
.items{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.item{border:1px solid var(--line);border-radius:10px;padding:8px 10px;display:grid;gap:3px;background:#fff}
.item.active{border-color:var(--blue);box-shadow:0 0 0 1px var(--blue)}
.item .line1{display:flex;align-items:center;gap:4px;flex-wrap:wrap}.item .who{font-weight:600}
.item .status{margin-left:auto;font-size:12px;color:var(--muted)}
.item .preview{font-size:13px;color:#334155;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.item .line3{display:flex;flex-wrap:wrap;gap:6px;font-size:12px;color:var(--muted);align-items:center}
.item .line3 .badge{margin-left:0}.item button{justify-self:start}
.sla{font-size:12px;font-weight:600;padding:1px 6px;border-radius:6px;background:var(--green-soft);color:var(--green)}
.sla-near{background:var(--amber-soft);color:var(--amber)}.sla-over{background:var(--red-soft);color:var(--red)}
.shortcut-hint{font-size:12px;color:var(--muted);padding:8px 12px;border-top:1px solid var(--line);margin:0}
.workspace{display:flex;flex-direction:column;min-height:0;min-width:0}
.placeholder{margin:auto;color:var(--muted);padding:24px;text-align:center}
.alerts{list-style:none;margin:0;padding:8px 12px 0;display:grid;gap:6px}
.alert{display:flex;gap:10px;align-items:center;background:var(--amber-soft);color:#78350f;border-radius:8px;padding:6px 10px}
.alert span{flex:1}.alert-sla_breach,.alert-ticket_overdue{background:var(--red-soft);color:#7f1d1d}
.conv-tabs{display:flex;gap:4px;padding:8px 12px 0;overflow-x:auto;flex:none;position:relative}
.conv-tab{display:flex;align-items:center;background:#dfe4ec;border-radius:8px 8px 0 0}
.conv-tab.on{background:var(--card)}
.conv-tab [role=tab]{background:none;color:var(--ink);border:0;padding:7px 8px 7px 12px;white-space:nowrap;font-weight:600;display:flex;align-items:center;gap:6px}
.conv-tab .x{color:var(--muted);font-size:17px;line-height:1;padding:0 2px;border-radius:4px}.conv-tab .x:hover{background:#cbd5e1;color:var(--ink)}
.conv-tab .dot{display:inline-block;width:8px;height:8px;border-radius:50%;background:#64748b}
.dot.status-assigned{background:#16a34a}.dot.status-pending{background:#d97706}.dot.status-ticket{background:#7c3aed}.dot.status-closed{background:#94a3b8}
.conv-tab .dot.left{background:none;box-shadow:inset 0 0 0 2px #94a3b8}
.conv-tab .unread{min-width:18px;font-size:11px;line-height:18px;text-align:center;background:var(--red);color:#fff;border-radius:999px;padding:0 5px}
.conversation{flex:1;display:grid;grid-template-columns:minmax(0,1fr) 320px;min-height:0;background:var(--card);margin:0 12px 12px;border-radius:0 10px 10px 10px}
.conv-main{display:grid;grid-template-rows:auto auto minmax(160px,1fr) auto;grid-template-columns:minmax(0,1fr);min-height:0;border-right:1px solid var(--line)}
.conv-head{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;padding:10px 14px;border-bottom:1px solid var(--line)}
.conv-head h2{font-size:17px;margin:0}
.conv-head .status{font-size:13px;color:var(--muted)}
.conv-head .actions{margin-left:auto;display:flex;gap:6px;flex-wrap:wrap}
.conv-head .actions button{padding:4px 10px;font-size:13px}
.transcript{flex:1;overflow:auto;padding:14px;display:flex;flex-direction:column;gap:8px;min-height:160px}
.entry{max-width:78%;padding:7px 11px;border-radius:12px;background:#f1f5f9;display:grid;gap:2px;overflow-wrap:anywhere;white-space:pre-wrap}
.entry .meta{font-size:11px;color:var(--muted);white-space:normal}
.entry.agent{align-self:flex-end;background:var(--blue-soft)}
.entry.bot{align-self:flex-end;background:#e9e4fb}
.entry.system{align-self:center;background:none;color:var(--muted);font-size:12px;padding:0}
.entry.note{align-self:flex-end;background:var(--note);border:1px dashed #b08900}
.entry.note .tag{font-weight:700;color:#713f12}
.entry .read{font-size:11px;color:var(--green);justify-self:end}
.entry .chips{display:flex;gap:4px;flex-wrap:wrap;margin-top:4px}.chip{font-size:12px;border:1px solid #a5b4fc;border-radius:999px;padding:0 8px}
.older{align-self:center}
.new-below{position:sticky;bottom:0;align-self:center;border-radius:999px;box-shadow:0 1px 4px rgb(0 0 0/.2)}
.typing{font-size:12px;color:var(--muted);font-style:italic}
form.composer{border-top:1px solid var(--line);padding:8px 12px 12px;display:grid;gap:6px;position:relative}
form.composer.mode-note textarea{background:var(--note)}
.modes{display:flex;gap:4px}
.modes label{font-size:13px;padding:2px 10px;border-radius:999px;cursor:pointer;color:var(--muted);border:1px solid transparent}
.modes label.on{background:var(--blue-soft);color:#1e3a8a;border-color:#93c5fd}
.modes input{position:absolute;opacity:0;width:1px;height:1px}
.modes label:focus-within{outline:3px solid #f59e0b}
form.composer .row{display:flex;gap:8px;align-items:flex-end}
form.composer .row button{flex:none}
.hint{font-size:12px;color:var(--muted);margin:0}.hint.warn{color:var(--amber)}
.canned-pop{position:absolute;left:12px;right:12px;bottom:calc(100% - 4px);background:#fff;border:1px solid #9aa4b2;border-radius:10px;box-shadow:0 10px 30px #0f172a33;padding:6px;z-index:5;max-height:300px;overflow:auto}
.canned-pop [role=option]{padding:6px 8px;border-radius:6px;cursor:pointer;display:grid}
.canned-pop [role=option][aria-selected=true]{background:var(--blue-soft)}
.canned-pop .title{font-weight:600}.canned-pop .cat{font-size:11px;font-weight:500;margin-left:6px;color:var(--muted)}
.canned-pop .text{font-size:13px;color:#334155}
mark{background:#fde047;color:inherit;border-radius:3px;padding:0 1px}
.qa-warning{background:var(--red-soft);border:1px solid #f19999;border-radius:10px;padding:8px 12px;display:grid;gap:6px}
.qa-warning .title{font-weight:700;color:#7f1d1d;margin:0}
.qa-warning ul{margin:0;padding-left:0;list-style:none;display:grid;gap:2px}
.qa-warning blockquote{margin:0;background:#fff;border-radius:6px;padding:6px 10px;white-space:pre-wrap}
.qa-warning mark{background:#fca5a5;font-weight:700}
.buttons{display:flex;gap:8px;justify-content:flex-end}
.conv-side{overflow:auto;padding:12px;display:grid;grid-template-columns:minmax(0,1fr);gap:12px;align-content:start;background:#f8fafc;border-radius:0 10px 10px 0}
.panel{background:#fff;border:1px solid var(--line);border-radius:10px;padding:10px 12px}
.panel h2{font-size:14px;margin:0 0 6px}.panel h3{font-size:12px;margin:10px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.panel p{margin:0}
.panel dl{margin:0;display:grid;grid-template-columns:auto minmax(0,1fr);gap:4px 10px;font-size:13px}
.panel dt{color:var(--muted)}.panel dd{margin:0;overflow-wrap:anywhere}
.panel>dl>dt:first-child{grid-column:1/-1;color:var(--ink);font-weight:700;font-size:15px}
.panel>dl>dt:first-child+dd{grid-column:1/-1}
.panel>dl>dt:first-child+dd .badge{margin-left:0}
.suggestions{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.suggestions li{border:1px solid var(--line);border-radius:8px;padding:6px 8px;display:grid;gap:3px}
.suggestions .q{font-weight:600;font-size:13px}.suggestions .a{font-size:13px;color:#334155;white-space:pre-wrap}
.suggestions button{justify-self:start}
.deadlines{margin:2px 0 0;padding-left:16px}.deadlines .overdue{color:var(--red)}.deadlines .met{color:var(--muted)}.ticket-update{margin:4px 0 0;font-size:13px}
.earlier{list-style:none;padding:0;margin:0;font-size:13px;display:grid;gap:6px}
.earlier li{display:flex;flex-wrap:wrap;gap:2px 8px;align-items:baseline}.earlier .status{font-size:12px;color:var(--muted)}
.earlier .preview{flex-basis:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.stars{color:#92400e;letter-spacing:1px}.stars .off{color:#8a94a3}
.badge.read-only{background:#e2e8f0;color:#334155}
.read-only-note{margin:0;padding:12px 16px;border-top:1px solid var(--line)}
.order-card{display:grid;gap:8px;font-size:13px}
.order-head{display:flex;align-items:center;gap:6px}.order-head .badge{margin-left:0}
.badge.order-status{background:var(--blue-soft);color:#1e3a8a}.badge.order-delivered{background:var(--green-soft);color:var(--green)}
.stepper{list-style:none;margin:0;padding:0;display:grid}
.step{display:grid;grid-template-columns:22px 1fr auto;gap:0 8px;align-items:center;position:relative;padding:5px 0;color:var(--muted)}
.step:not(:last-child)::after{content:"";position:absolute;left:10px;top:50%;height:100%;width:2px;background:#cbd5e1}
.step.done:not(:last-child)::after{background:#16a34a}
.step .mark{width:22px;height:22px;border-radius:50%;border:2px solid #9aa4b2;background:#fff;display:grid;place-items:center;font-size:12px;font-weight:700;line-height:1;z-index:1}
.step.done{color:var(--ink)}.step.done .mark{background:#16a34a;border-color:#16a34a;color:#fff}
.step.current{color:#1e3a8a;font-weight:700}.step.current .mark{border-color:var(--blue);box-shadow:0 0 0 3px var(--blue-soft)}
.step.current .mark::before{content:"";width:8px;height:8px;border-radius:50%;background:var(--blue)}
.step .at{font-size:12px;color:var(--muted);font-weight:400}
.order-facts{margin:0}.order-items{margin:0;padding:0;list-style:none}
.conv-tags{display:flex;flex-wrap:wrap;gap:6px;align-items:center;padding:6px 14px;border-bottom:1px solid var(--line)}
.tag-chips{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px}
.tag-chip{display:inline-flex;align-items:center;font-size:12px;font-weight:600;background:#ede9fe;color:#4c1d95;border-radius:999px;padding:1px 4px 1px 9px}
.item .tag-chip{padding:0 8px}
.tag-chip .x{font-size:15px;color:#4c1d95;padding:0 4px;border-radius:999px}.tag-chip .x:hover{background:#ddd6fe}
.tag-add{display:flex;gap:6px;align-items:center;flex:1 1 200px;min-width:0}
.tag-add input{font-size:13px;padding:3px 8px;flex:0 1 240px;min-width:0}.tag-add button{flex:none;white-space:nowrap}
.image-msg{display:grid;gap:4px;justify-items:start;white-space:normal}
.image-msg .thumb{padding:0;background:#fff;border:1px solid var(--line);border-radius:8px;overflow:hidden;line-height:0}
.image-msg img{display:block;max-width:200px;height:auto}
.image-viewer{width:min(960px,100%);background:#fff;border-radius:14px;padding:16px 20px;display:grid;gap:10px;max-height:calc(100vh - 32px);overflow:auto;box-shadow:0 20px 60px #0f172a66}
.image-viewer img{max-width:100%;height:auto;max-height:70vh;object-fit:contain;justify-self:center}
.image-viewer p{margin:0}
.viewer-head{display:flex;gap:12px;align-items:center;justify-content:space-between}.viewer-head h2{margin:0;font-size:18px}
.attachment{display:flex;flex-wrap:wrap;gap:8px 10px;align-items:center;border:1px solid var(--line);border-radius:10px;padding:6px 8px}
.attachment img{width:56px;height:56px;object-fit:cover;border-radius:6px}
.attachment .name{flex:1;min-width:120px;overflow-wrap:anywhere}.attachment .error{color:var(--red);flex-basis:100%}
.attachment .uploading{display:inline-flex;gap:6px;align-items:center;color:var(--muted)}
.badge.image-label{background:var(--amber-soft);color:var(--amber)}
.shipments{display:grid;gap:8px}.shipments h3{margin:4px 0 0;font-size:13px}
.shipment{border:1px solid var(--line);border-radius:8px;padding:6px 8px;display:grid;gap:6px}
.shipment h4{margin:0;font-size:13px}
.pack-check{border-collapse:collapse;width:100%;font-size:12px}
.pack-check th,.pack-check td{text-align:left;padding:2px 4px;border-bottom:1px solid var(--line);white-space:normal}
.pack-check td.n{text-align:right}
.pack-check tr.short,.pack-check tr.extra{background:var(--red-soft);color:var(--red);font-weight:700}
.pack-verdict{margin:0;font-weight:700}.pack-verdict.ok{color:var(--green)}.pack-verdict.bad{color:var(--red)}
.scans{list-style:none;margin:0;padding:0 0 0 10px;border-left:2px solid #cbd5e1;display:grid;gap:4px;font-size:12px}
.scans time{color:var(--muted);margin-right:6px}
.backdrop{position:fixed;inset:0;background:#0f172a80;display:grid;place-items:center;z-index:10;padding:16px}
.dialog-box{width:min(440px,100%)}
.dialog{background:#fff;border-radius:14px;padding:20px;display:grid;gap:12px;box-shadow:0 20px 60px #0f172a66}
.dialog h2{margin:0;font-size:18px}
.dialog .error{color:var(--red);margin:0}
.dialog label{display:grid;gap:4px;font-weight:600}
.dialog label.inline{display:inline-flex;gap:6px;align-items:center;margin-right:14px;font-weight:500}
.dialog label.inline input{width:auto}
main.dashboard{flex:1;overflow:auto;padding:16px 20px;display:grid;grid-template-columns:minmax(0,1fr);gap:16px;align-content:start}
.dash-head{display:flex;align-items:baseline;gap:16px;flex-wrap:wrap}
.dash-head h1{margin:0;font-size:22px}.dash-head p{margin:0}.dash-head a{margin-left:auto}
.card-block{background:var(--card);border-radius:12px;padding:14px 16px}
.card-block h2{margin:0 0 10px;font-size:16px}
.block-head{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-bottom:10px}
.block-head h2{margin:0}.block-head button{margin-left:auto}
.seg{display:flex;gap:0;border:1px solid #9aa4b2;border-radius:8px;padding:0;overflow:hidden}
.seg label{padding:4px 12px;cursor:pointer;font-size:13px}.seg label.on{background:var(--blue);color:#fff}
.seg input{position:absolute;opacity:0;width:1px;height:1px}.seg label:focus-within{outline:3px solid #f59e0b}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:right;padding:6px 10px;border-bottom:1px solid var(--line);white-space:nowrap}
th:first-child,td:first-child{text-align:left}
thead th{color:var(--muted);font-weight:600}
td.hot{color:var(--red);font-weight:700}
tr.total{font-weight:700;background:#f8fafc}
.small{font-size:12px}
.tiles{list-style:none;margin:0 0 14px;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:10px}
.tile{border:1px solid var(--line);border-radius:10px;padding:10px 12px;display:grid;gap:2px}
.tile .name{font-size:12px;color:var(--muted)}.tile .figure{font-size:24px;font-weight:700}.tile .detail{font-size:12px;color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px;margin-bottom:14px}
figure{margin:0}figcaption{font-size:13px;font-weight:600;margin-bottom:4px}
.chart .bar{fill:#3b63d9}.chart .label,.chart .value{font-size:12px;fill:#334155}
.spark .line{stroke:#1d4ed8;stroke-width:2}.spark .pt{fill:#1d4ed8}
.table-wrap{overflow-x:auto}
.proposals{list-style:none;margin:0;padding:0;display:grid;gap:12px}
.proposal{border:1px solid var(--line);border-radius:10px;padding:12px 14px;display:grid;gap:8px}
.proposal-head{display:flex;gap:12px;align-items:baseline;flex-wrap:wrap}.proposal-head h3{margin:0;font-size:15px}
.proposal .count{background:var(--blue-soft);color:var(--blue);border-radius:999px;padding:1px 10px;font-size:12px;font-weight:600}
.proposal fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px}
.proposal legend{font-weight:600;font-size:13px;margin-bottom:2px}
.proposal label.inline{display:inline-flex;gap:6px;align-items:center}.proposal label.inline input{width:auto}
.proposal label.answer{display:grid;gap:4px;font-size:13px}.proposal label.answer>span{font-weight:600}
.proposal .actions{display:flex;gap:8px}
.findings td{text-align:left;white-space:normal;vertical-align:top}
.entry-list{list-style:none;margin:0;padding:0;display:grid;gap:4px}.entry-list li{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.entry-search{display:flex;gap:8px;align-items:end;flex-wrap:wrap}.entry-search label{display:grid;gap:4px;flex:1;min-width:220px}
.dialog-box.entry-editor{width:min(640px,100%);max-height:90vh;overflow:auto}
.entry-editor .field{display:grid;gap:4px}.entry-editor .field>label{font-weight:600}.entry-editor .flash p{margin:0 0 6px}
.entry-editor fieldset{border:0;margin:0;padding:0;display:grid;gap:6px}.entry-editor legend{font-weight:600;font-size:13px}
.entry-editor ol{margin:0;padding-left:22px;display:grid;gap:4px}.entry-editor ol li label{flex:1;display:flex}.entry-editor ol li label input{flex:1}.entry-editor ol li{display:flex;gap:6px}
.entry-editor [aria-invalid=true]{border-color:#dc2626;outline-color:#dc2626}.entry-editor .actions{display:flex;gap:8px;flex-wrap:wrap}
.proposal .phrasing-edit{display:grid;gap:4px;font-size:13px;flex-basis:100%}
.sev{border-radius:6px;padding:1px 8px;font-size:12px;font-weight:600}
.sev-error{background:#fee2e2;color:#991b1b}.sev-warning{background:#fef3c7;color:#92400e}.sev-info{background:#e0f2fe;color:#075985}
@media (max-width:1100px){.conversation{grid-template-columns:1fr;overflow:auto}.conv-main{border-right:0;min-height:70vh}.conv-side{border-radius:0 0 10px 10px}}
@media (max-width:760px){#app{height:auto}.desk{grid-template-columns:1fr}nav.inbox{max-height:45vh;border-right:0;border-bottom:1px solid var(--line)}
.conversation{margin:0}.entry{max-width:92%}header.top .me{display:none}
form.composer .row{flex-wrap:wrap}form.composer .row textarea{flex-basis:100%}form.composer .row [type=submit]{margin-left:auto}}
`;
