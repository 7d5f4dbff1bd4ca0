import { execSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createHub, silentLogger } from '../packages/sdk/src/index.ts';

/**
 * What one address can make a hub with the default limits hold in memory (SECURITY.md's promise):
 * `limits.maxConnectionsPerIp` shoppers from 127.0.0.1, each of which fills its conversation with
 * the largest messages its budget allows, stops reading its socket, asks for history pages, and
 * leaves a fragment of a message unfinished. The hub runs in a child process; its memory is read
 * after a forced collection before the attack and while it holds.
 * `tsx bench/address-memory.ts` (KEFU_ATTACK_SOCKETS sockets, default 50; KEFU_ATTACK_PAGES history
 * pages each, default 9).
 */
const ORIGIN = 'https://shop.example';
const pages = Number(process.env.KEFU_ATTACK_PAGES ?? 9);

if (process.argv[2] === 'hub') {
  const hub = createHub({ sites: [{ key: 'shop', origins: [ORIGIN] }], agents: [], logger: silentLogger });
  const { port } = await hub.listen({ port: 0 });
  process.on('message', async () => {
    global.gc?.();
    // V8 returns freed pages to the system from a background task shortly after a collection.
    await new Promise((r) => setTimeout(r, 250));
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send?.({ rss, heapUsed, external, arrayBuffers, ...hub.stats() });
  });
  process.send?.({ port });
} else {
  const child = fork(fileURLToPath(import.meta.url), ['hub'], {
    execArgv: ['--import', 'tsx', '--conditions=source', '--expose-gc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  const measure = () =>
    new Promise<Record<string, number>>((resolve) => {
      child.once('message', resolve);
      child.send('measure');
    });
  const n = Number(process.env.KEFU_ATTACK_SOCKETS ?? 50);
  const before = await measure();
  const sockets = await Promise.all(Array.from({ length: n }, (_, i) => attack(port, i)));
  // The hub has sent what it will; the sockets hold it unread.
  await new Promise((r) => setTimeout(r, 2000));
  const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  const during = await measure();
  const mb = (key: string) => `${((during[key]! - before[key]!) / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `${n} sockets from one address, ${open} still open: hub rss +${mb('rss')}, heap +${mb('heapUsed')}, external +${mb('external')} (array buffers +${mb('arrayBuffers')}); the kernel holds ${(kernelSendQueue(port) / 1024 / 1024).toFixed(1)} MB unsent on the hub's side`,
  );
  for (const ws of sockets) ws.terminate();
  child.kill('SIGTERM');
}

async function attack(port: number, i: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/?site=shop`, { origin: ORIGIN });
  const frames: Array<{ type: string }> = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  ws.on('error', () => {});
  await new Promise((r) => ws.once('open', r));
  const send = (frame: object) => ws.send(JSON.stringify({ v: 1, ...frame }));
  send({ type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: `attacker-${i}` });
  await until(() => frames.some((f) => f.type === 'welcome'));
  // The longest text (4,000 four-byte characters), as many as the frame and message bursts allow.
  const text = '😀'.repeat(4000);
  for (let m = 0; m < 25; m++) send({ type: 'send', clientMsgId: `m${m}`, content: { kind: 'text', text } });
  await until(() => frames.filter((f) => f.type === 'ack').length >= 25);
  // From now on nothing is read: what the hub sends waits in its buffers (and the kernel's).
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  // History pages of about 400 KB: enough to fill the kernel's buffers and then the hub's up to
  // just under `maxBufferedBytes`, past which the next frame would close the socket.
  for (let h = 0; h < pages && ws.readyState === WebSocket.OPEN; h++) {
    send({ type: 'history', before: 1_000_000, limit: 100 });
    await new Promise((r) => setTimeout(r, 300));
  }
  // A message begun and never finished: ws keeps its fragments until the last one comes.
  ws.send('x'.repeat(200 * 1024), { fin: false });
  return ws;
}

/** Bytes waiting in the kernel's send queues of the hub's sockets (Linux `ss`; 0 elsewhere). */
function kernelSendQueue(port: number): number {
  try {
    const lines = execSync(`ss -tnH state established '( sport = :${port} )'`).toString().trim().split('\n');
    return lines.reduce((sum, line) => sum + (Number(line.trim().split(/\s+/)[1]) || 0), 0);
  } catch {
    return 0;
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}
