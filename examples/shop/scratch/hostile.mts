import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../test/servers.ts';
import { startDemo } from '../src/server.ts';
import { ensureWidgetBuilt } from '../test/demo-fixture.ts';
await ensureWidgetBuilt();
const demo = await startDemo({ port: 0 });
const nonce = 'hostile-nonce-123';
const html = `<!doctype html><html lang="en"><head><title>Hostile</title>
<style nonce="${nonce}">*{all:unset !important}.overlay{display:block !important;position:fixed !important;inset:0 0 auto 0 !important;height:60px !important;z-index:99999 !important;background:#000 !important}
.chat,.widget,.launcher,.button,.panel,.kefu,.app,.l,.b,.log,.composer{display:none !important}div,button,textarea{font-size:40px !important;color:red !important}</style>
<script nonce="${nonce}">window.Kefu=window.Kefu||function(){(Kefu.q=Kefu.q||[]).push(arguments)};Kefu('locale','en')</script><script async nonce="${nonce}" src="/widget/kefu.js" data-site="demo" data-hub="/kefu" data-load="interaction"></script>
</head><body><div class="overlay">promo</div></body></html>`;
const csp = `default-src 'none'; script-src 'nonce-${nonce}' 'strict-dynamic'; style-src 'nonce-${nonce}'; connect-src ${demo.hubUrl.replace('/kefu', '')}; img-src 'self'`;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const p = await (await browser.newContext()).newPage();
p.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
p.on('pageerror', (e) => console.log('PAGEERROR', e.message));
p.on('websocket', (ws) => { console.log('WS', ws.url()); ws.on('framereceived', (f) => console.log('WS<', String(f.payload).slice(0, 200))); ws.on('framesent', (f) => console.log('WS>', String(f.payload).slice(0, 200))); ws.on('close', () => console.log('WS closed')); });
await p.route(`${demo.shopUrl}hostile`, (r) => r.fulfill({ contentType: 'text/html', headers: { 'content-security-policy': csp }, body: html }));
await p.goto(`${demo.shopUrl}hostile`);
await p.locator('[data-kefu] button.l').click();
await p.locator('[data-kefu] textarea').waitFor();
await p.locator('[data-kefu] textarea').fill('hello from a hostile page');
await p.locator('[data-kefu] textarea').press('Enter');
await p.waitForTimeout(3000);
await p.screenshot({ path: '/tmp/kw/hostile.png' });
await browser.close(); await demo.close(); process.exit(0);
