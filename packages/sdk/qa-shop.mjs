// usage: node shop.mjs PORT  -> prints session/conversation as JSON
import WebSocket from 'ws';
export function shopperHello(port, extra = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?site=shop`, { headers: { origin: 'http://localhost:5173' } });
    const frames = [];
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString()); frames.push(f);
      if (f.type === 'welcome') resolve({ ws, welcome: f, frames });
      if (f.type === 'error') reject(new Error(JSON.stringify(f)));
    });
    ws.on('open', () => ws.send(JSON.stringify({ v: 1, type: 'hello', id: 'h1', role: 'shopper', siteKey: 'shop', deviceId: extra.deviceId ?? 'dev' + Math.random().toString(36).slice(2), features: ['image'], ...extra })));
    ws.on('error', reject);
  });
}
