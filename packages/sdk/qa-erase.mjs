import sharp from 'sharp';
import { shopperHello } from './qa-shop.mjs';
const port = process.argv[2];
const H = `http://127.0.0.1:${port}`;
const A = { authorization: 'Bearer kefu_adm_adminsecret0123456789', 'content-type': 'application/json' };
const { ws, welcome } = await shopperHello(port, { deviceId: 'erase-dev-' + Date.now() });
const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#f00' } }).png().toBuffer();
const up = await (await fetch(`${H}/api/v1/uploads?conversation=${welcome.conversation.id}`, { method: 'POST', headers: { authorization: `Bearer ${welcome.session}`, origin: 'http://localhost:5173', 'content-type': 'image/png' }, body: png })).json();
console.log('upload', up.image?.url?.slice(0, 60));
console.log('before', (await fetch(H + up.image.url)).status);
// send it in a message so it is part of the conversation
ws.send(JSON.stringify({ v: 1, type: 'send', id: 's1', clientMsgId: 'c1', content: { kind: 'image', id: up.image.id } }));
await new Promise((r) => setTimeout(r, 500));
const conv = await (await fetch(`${H}/api/v1/conversations/${welcome.conversation.id}`, { headers: A })).json();
const shopperId = conv.shopperId ?? conv.shopper?.id;
console.log('shopperId', shopperId);
const er = await fetch(`${H}/api/v1/shoppers/erase`, { method: 'POST', headers: A, body: JSON.stringify({ siteKey: 'shop', shopperId }) });
console.log('erase', er.status, await er.text());
console.log('after full', (await fetch(H + up.image.url)).status, 'thumb', (await fetch(H + up.image.thumbnailUrl)).status);
// a second photo uploaded but never sent
process.exit(0);
