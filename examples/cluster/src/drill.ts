/**
 * An operator's fault drill: two hub nodes on a private PostgreSQL and Redis, shoppers through the
 * balancer, two agents, traffic both ways, then one fault; afterwards it checks that every
 * acknowledged message is stored once and seen once by the other side.
 *   tsx --conditions=source examples/cluster/src/drill.ts <fault>
 * Faults: none | pg-restart | redis-restart | kill-node | term-node | pg-stop | pg-stop-all | disk-full
 * Env: DRILL_PG (postgres://postgres@127.0.0.1:15432/test), DRILL_REDIS (redis://127.0.0.1:16379),
 * DRILL_PGDATA (/tmp/ops-pg), DRILL_OUTAGE_MS (20000), DRILL_SHOPPERS (6).
 */
import { execSync } from 'node:child_process';
import { createAgentClient } from '@kefu/sdk/agent';
import { createShopperClient } from '@kefu/sdk/client';
import pg from 'pg';
import WebSocket from 'ws';
import { createBalancer } from './balancer.ts';
import { spawnNode } from './spawn-node.ts';

const fault = process.argv[2] ?? 'none';
const PG = process.env.DRILL_PG ?? 'postgres://postgres@127.0.0.1:15432/test';
const REDIS = process.env.DRILL_REDIS ?? 'redis://127.0.0.1:16379';
const PGDATA = process.env.DRILL_PGDATA ?? '/tmp/ops-pg';
const OUTAGE = Number(process.env.DRILL_OUTAGE_MS ?? 20_000);
const SHOPPERS = Number(process.env.DRILL_SHOPPERS ?? 6);
const tag = `ops_${fault.replace(/-/g, '_')}_${Date.now().toString(36)}`;
const t0 = Date.now();
const at = () => ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
const log = (...a: unknown[]) => console.log(`[${at()}]`, ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const env = (name: string, port: number): Record<string, string> => ({
  PORT: String(port),
  NODE_NAME: name,
  KEFU_POSTGRES: `${PG}?application_name=kefu-node-${name}`,
  KEFU_REDIS: REDIS,
  KEFU_SCHEMA: tag,
  KEFU_PREFIX: `${tag}:`,
  KEFU_SECRET: 'ops-drill-secret-0123456789',
  KEFU_FRAME_BURST: '100000',
  KEFU_FRAMES_PER_SECOND: '33333',
  KEFU_MESSAGES_PER_SECOND: '6666',
  KEFU_LOG_LEVEL: 'info',
});

type Node = Awaited<ReturnType<typeof spawnNode>> & { name: string; port: number; logged: number };
const ports = { a: 7201, b: 7202 };
const nodes: Record<'a' | 'b', Node> = {} as Record<'a' | 'b', Node>;
async function start(name: 'a' | 'b') {
  const n = await spawnNode(env(name, ports[name]));
  nodes[name] = { ...n, name, port: ports[name], logged: 0 };
  log(`node ${name} listening on ${ports[name]}`);
}
/** Prints what a node wrote since the last call (warn and above, plus hub.* lines). */
function drainLogs() {
  for (const n of Object.values(nodes)) {
    const out = n.output();
    const fresh = out.slice(n.logged);
    n.logged = out.length;
    for (const line of fresh.split('\n')) {
      if (!line.trim()) continue;
      if (/"level":"info"/.test(line) && !/hub\.(ready|unready)|bus\.|store\./.test(line)) continue;
      console.log(`    ${n.name}| ${line.slice(0, 300)}`);
    }
  }
}

if (fault === 'disk-full') {
  // The hub's tables go to a tablespace on a small tmpfs (DRILL_SMALL_DIR, mounted by the operator),
  // which the fault fills up with a filler table.
  const admin = new pg.Pool({ connectionString: PG, max: 1 });
  await admin.query(`DROP TABLE IF EXISTS ops_filler`);
  await admin.query(`DROP TABLESPACE IF EXISTS ops_small`).catch(() => {});
  await admin.query(
    `CREATE TABLESPACE ops_small LOCATION '${process.env.DRILL_SMALL_DIR ?? '/tmp/ops-small'}'`,
  );
  await admin.query(`ALTER DATABASE test SET default_tablespace = ops_small`);
  await admin.end();
}
await Promise.all([start('a'), start('b')]);
const balancer = createBalancer(Object.values(ports).map((port) => ({ host: '127.0.0.1', port })));
const lb = await balancer.listen(7200);

// Health probes every 250 ms, transitions logged.
const health: Record<string, string> = {};
let probing = true;
const probe = async () => {
  while (probing) {
    for (const [name, port] of Object.entries(ports))
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        let said: string;
        try {
          const ctl = AbortSignal.timeout(3000);
          const r = await fetch(`http://127.0.0.1:${port}${path}`, { signal: ctl });
          const body = await r.text();
          // /metrics: its status and any line that is not a gauge (an error's text).
          said =
            path === '/metrics'
              ? `${r.status}${r.ok ? '' : ` ${body.slice(0, 160)}`}`
              : `${r.status} ${body.slice(0, 120)}`;
        } catch (e) {
          said = `unreachable (${(e as Error).name}: ${(e as Error).message.slice(0, 60)})`;
        }
        const key = `${name}${path}`;
        if (health[key] !== said) {
          health[key] = said;
          log(`probe ${key}: ${said}`);
        }
      }
    await sleep(250);
  }
};
const probing$ = probe();

// Agents: mei on A, lei on B (directly, as a console pinned to a node would be).
const tokens = { mei: 'cluster-mei-5b2d8c4f6a0e7f3c', lei: 'cluster-lei-8c4f6a0e7f3c9a1e' };
const errors: string[] = [];
const agents = {
  mei: createAgentClient({
    url: `ws://127.0.0.1:${ports.a}`,
    token: tokens.mei,
    WebSocket,
    requestTimeoutMs: 600_000,
  }),
  lei: createAgentClient({
    url: `ws://127.0.0.1:${ports.b}`,
    token: tokens.lei,
    WebSocket,
    requestTimeoutMs: 600_000,
  }),
};
for (const [id, a] of Object.entries(agents)) {
  a.on('error', (e) => errors.push(`agent ${id} error ${e.code}: ${e.message}`));
  a.on('connection', (c) => {
    if (c.status !== 'open') log(`agent ${id} ${c.status} ${c.code ?? ''} ${c.reason ?? ''}`);
  });
  await a.connect();
}

type S = ReturnType<typeof createShopperClient>;
const shoppers: S[] = [];
for (let i = 0; i < SHOPPERS; i++) {
  const s = createShopperClient({
    url: `ws://127.0.0.1:${lb}`,
    siteKey: 'demo',
    WebSocket,
    origin: 'http://localhost:3000',
  });
  s.on('error', (e) => errors.push(`shopper ${i} error ${e.code}: ${e.message} (retryable ${e.retryable})`));
  s.on('connection', (c) => {
    if (c.status !== 'open') log(`shopper ${i} ${c.status} ${c.code ?? ''} ${c.reason ?? ''}`);
  });
  s.connect();
  shoppers.push(s);
}
const until = async (check: () => boolean, what: string, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
};
await until(() => shoppers.every((s) => s.status === 'open'), 'shoppers open');
for (const s of shoppers) s.send('转人工');
await until(() => shoppers.every((s) => s.state?.status === 'assigned'), 'all assigned');
const owner = (s: S) => agents[s.state!.agent!.id as 'mei' | 'lei'];
for (const s of shoppers) await owner(s).join(s.conversationId!);
log(
  'assigned:',
  shoppers.map((s) => s.state!.agent!.id).join(','),
  'served by balancer',
  balancer.served().join('/'),
);

// After assignment, any change of a conversation's status or owner is a finding, as is an alert.
const changes: string[] = [];
for (const [i, s] of shoppers.entries()) {
  const first = `assigned:${s.state!.agent!.id}`;
  s.on('state', (st) => {
    const now = `${st.status}:${st.agent?.id ?? ''}`;
    if (now !== first) changes.push(`shopper ${i} at ${at()}: ${now} (was ${first})`);
  });
}
for (const [id, a] of Object.entries(agents))
  a.on('alert', (al) =>
    changes.push(`agent ${id} alert at ${at()}: ${al.kind} ${JSON.stringify(al).slice(0, 120)}`),
  );

// Traffic: every 400 ms each shopper sends one, each conversation's agent sends one.
const shopperSent = new Map<string, { i: number; text: string; at: number; acked?: number }>();
for (const s of shoppers)
  s.on('outbox', (entries) => {
    const waiting = new Set(entries.map((e) => e.clientMsgId));
    for (const [id, m] of shopperSent)
      if (!m.acked && shoppers[m.i] === s && !waiting.has(id)) m.acked = Date.now();
  });
/** The slowest acknowledgements: when they were sent and how long they waited. */
const slowest = (all: Array<{ at: number; acked?: number }>) =>
  all
    .filter((m) => m.acked)
    .map((m) => ({ sentAt: (m.at - t0) / 1000, waitedMs: m.acked! - m.at }))
    .sort((x, y) => y.waitedMs - x.waitedMs)
    .slice(0, 3)
    .map((m) => `${m.waitedMs} ms (sent at ${m.sentAt.toFixed(1)})`)
    .join(', ');
const agentSent = new Map<string, { conv: string; text: string; at: number; acked?: number }>();
let agentFailures = 0;
let running = true;
let n = 0;
const traffic = (async () => {
  while (running) {
    n++;
    shoppers.forEach((s, i) => {
      const text = `s${i}-${n}`;
      const id = s.send(text);
      shopperSent.set(id, { i, text, at: Date.now() });
    });
    for (const s of shoppers) {
      const conv = s.conversationId!;
      const clientMsgId = `ag-${conv.slice(-6)}-${n}`;
      const text = `a-${conv.slice(-6)}-${n}`;
      agentSent.set(clientMsgId, { conv, text, at: Date.now() });
      const trySend = (attempt: number): void => {
        owner(s)
          .send(conv, text, { clientMsgId })
          .then(() => {
            agentSent.get(clientMsgId)!.acked = Date.now();
          })
          .catch((e: { code?: string; message?: string; retryable?: boolean }) => {
            agentFailures++;
            errors.push(
              `agent send ${clientMsgId} rejected ${e.code}: ${e.message} (retryable ${e.retryable})`,
            );
            // An operator's console retries a retryable failure with the same id.
            if (e.retryable !== false && attempt < 20) setTimeout(() => trySend(attempt + 1), 1000);
          });
      };
      trySend(0);
    }
    await sleep(400);
  }
})();

const pendingReport = () => {
  const outboxes = shoppers.map((s) => s.outbox.length);
  const agentPending = [...agentSent.values()].filter((m) => !m.acked).length;
  return `shopper outboxes [${outboxes.join(',')}], agent sends pending ${agentPending}`;
};
const ticker = setInterval(() => {
  log(`traffic n=${n}: ${pendingReport()}`);
  drainLogs();
}, 2000);

await sleep(5000);
log(`=== FAULT ${fault}`);
const pgPids = () =>
  execSync(`ps -o pid= --ppid $(head -1 ${PGDATA}/postmaster.pid)`)
    .toString()
    .trim()
    .split(/\s+/)
    .filter(Boolean);
const asPg = (cmd: string) => execSync(`su postgres -s /bin/bash -c "${cmd}"`, { stdio: 'inherit' });
const pgCtl = '/usr/lib/postgresql/15/bin/pg_ctl';
const faultAt = Date.now();
// A shopper who opens the chat 5 s into the fault: what they are told, and when they get in.
const late = createShopperClient({
  url: `ws://127.0.0.1:${lb}`,
  siteKey: 'demo',
  WebSocket,
  origin: 'http://localhost:3000',
});
const lateSaid: string[] = [];
late.on('error', (e) => lateSaid.push(`${at()} error ${e.code} (retryable ${e.retryable}): ${e.message}`));
late.on('connection', (c) => lateSaid.push(`${at()} ${c.status} ${c.code ?? ''} ${c.reason ?? ''}`));
late.on('welcome', () => lateSaid.push(`${at()} welcome`));
setTimeout(() => {
  lateSaid.push(`${at()} connect()`);
  late.connect();
}, 5000);
switch (fault) {
  case 'pg-restart':
    asPg(`${pgCtl} -D ${PGDATA} -m fast stop`);
    log('postgres stopped');
    await sleep(OUTAGE);
    asPg(`${pgCtl} -D ${PGDATA} -o '-p 15432 -k /tmp -h 127.0.0.1' -l /tmp/ops-pg.log start`);
    log('postgres started');
    break;
  case 'redis-restart':
    execSync('redis-cli -p 16379 shutdown nosave || true');
    log('redis stopped');
    await sleep(OUTAGE);
    execSync(
      "redis-server --port 16379 --bind 127.0.0.1 --save '' --daemonize yes --pidfile /tmp/ops-redis.pid --logfile /tmp/ops-redis.log",
    );
    log('redis started');
    break;
  case 'kill-node':
    nodes.a.child.kill('SIGKILL');
    log('node a SIGKILLed');
    await sleep(5000);
    await start('a');
    break;
  case 'term-node': {
    const exited = new Promise((r) => nodes.a.child.once('exit', r));
    nodes.a.child.kill('SIGTERM');
    log('node a SIGTERMed');
    await exited;
    log('node a exited');
    await sleep(5000);
    await start('a');
    break;
  }
  case 'disk-full': {
    const admin = new pg.Pool({ connectionString: PG, max: 1 });
    await admin.query(`CREATE TABLE ops_filler (b text) TABLESPACE ops_small`);
    // Uncompressible rows until the tablespace's file system is full.
    try {
      for (;;)
        await admin.query(
          `INSERT INTO ops_filler SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 30) g, generate_series(1, 2000) r GROUP BY r`,
        );
    } catch (e) {
      log(`filler stopped: ${(e as Error).message}`);
    }
    await sleep(OUTAGE);
    await admin.query(`DROP TABLE ops_filler`);
    log('filler dropped: space again');
    await admin.query(`ALTER DATABASE test RESET default_tablespace`);
    await admin.end();
    break;
  }
  case 'pg-stop':
  case 'pg-stop-all': {
    // pg-stop: the server's processes but the postmaster, which still forks fresh backends;
    // pg-stop-all: the postmaster too, as a dead network path looks (nothing answers, nothing refuses).
    const postmaster = execSync(`head -1 ${PGDATA}/postmaster.pid`).toString().trim();
    const pids = fault === 'pg-stop-all' ? [postmaster, ...pgPids()] : pgPids();
    execSync(`kill -STOP ${pids.join(' ')}`);
    log(`postgres processes stopped: ${pids.length}`);
    await sleep(Number(process.env.DRILL_STALL_MS ?? 10_000));
    execSync(`kill -CONT ${pids.join(' ')}`);
    log('postgres processes continued');
    break;
  }
}
const faultEnd = Date.now();
// Let traffic run after the fault, then stop sending and wait for everything to drain.
await sleep(8000);
running = false;
await traffic;
log(`=== traffic stopped after n=${n}; waiting for outboxes and agent sends to drain`);
const drainStart = Date.now();
try {
  await until(
    () => shoppers.every((s) => s.outbox.length === 0) && [...agentSent.values()].every((m) => m.acked),
    'drain',
    90_000,
  );
  log(`drained in ${Date.now() - drainStart} ms`);
} catch {
  log(`NOT DRAINED after 90 s: ${pendingReport()}`);
  for (const [i, s] of shoppers.entries())
    if (s.outbox.length)
      log(`  shopper ${i} status ${s.status} outbox`, JSON.stringify(s.outbox.slice(0, 2)));
}
// Then wait for each side to see the other's messages.
await sleep(3000);
clearInterval(ticker);
drainLogs();

// Verdict from the store.
const pool = new pg.Pool({ connectionString: PG, max: 2 });
let lost = 0;
let doubled = 0;
let unseenByAgent = 0;
let unseenByShopper = 0;
let outOfOrder = 0;
const rows = (
  await pool.query(`SELECT conversation_id, seq, client_msg_id, author->>'kind' AS kind FROM ${tag}.messages`)
).rows as Array<{ conversation_id: string; seq: number; client_msg_id: string | null; kind: string }>;
const stored = new Map<string, number>();
for (const r of rows)
  if (r.client_msg_id) stored.set(r.client_msg_id, (stored.get(r.client_msg_id) ?? 0) + 1);
const shopperAcked = [...shopperSent.keys()].filter(
  (id) => !shoppers[shopperSent.get(id)!.i]!.outbox.some((e) => e.clientMsgId === id),
);
for (const id of shopperAcked) {
  const c = stored.get(id) ?? 0;
  if (c === 0) lost++;
  if (c > 1) doubled++;
}
const agentAcked = [...agentSent.entries()].filter(([, m]) => m.acked);
for (const [id] of agentAcked) {
  // Stored under the sending agent's key: whoever owns the conversation now.
  const c = (stored.get(`a:mei:${id}`) ?? 0) + (stored.get(`a:lei:${id}`) ?? 0);
  if (c === 0) lost++;
  if (c > 1) doubled++;
}
// What each side saw.
for (const s of shoppers) {
  const conv = s.conversationId!;
  const seen = s.messages.filter((m) => m.author.kind === 'agent' && m.content.kind === 'text');
  const texts = seen.map((m) => (m.content.kind === 'text' ? m.content.text : ''));
  const want = agentAcked.filter(([, m]) => m.conv === conv).map(([, m]) => m.text);
  unseenByShopper += want.filter((t) => !texts.includes(t)).length;
  if (new Set(texts).size !== texts.length) doubled += texts.length - new Set(texts).size;
  const seqs = s.messages.map((m) => m.seq);
  for (let k = 1; k < seqs.length; k++) if (seqs[k]! <= seqs[k - 1]!) outOfOrder++;
  const view = owner(s).conversation(conv);
  const agentTexts = (view?.messages ?? [])
    .filter((m) => m.author.kind === 'shopper' && m.content.kind === 'text')
    .map((m) => (m.content.kind === 'text' ? m.content.text : ''));
  const shopperWant = shopperAcked.map((id) => shopperSent.get(id)!).filter((m) => shoppers[m.i] === s);
  unseenByAgent += shopperWant.filter((m) => !agentTexts.includes(m.text)).length;
}
const storedShopper = rows.filter((r) => r.kind === 'shopper').length;
const storedAgent = rows.filter((r) => r.kind === 'agent').length;
log(
  `VERDICT ${fault}: shopper sent ${shopperSent.size} acked ${shopperAcked.length}; agent sent ${agentSent.size} acked ${agentAcked.length} (rejections ${agentFailures}); ` +
    `stored shopper ${storedShopper} agent ${storedAgent}; lost ${lost}, doubled ${doubled}, unseen by agent ${unseenByAgent}, unseen by shopper ${unseenByShopper}, out of order ${outOfOrder}; ` +
    `fault lasted ${faultEnd - faultAt} ms`,
);
log(`slowest shopper acks: ${slowest([...shopperSent.values()])}`);
log(`slowest agent acks: ${slowest([...agentSent.values()])}`);
const byCode = new Map<string, number>();
for (const e of errors) {
  const k = e.replace(/s\d+-\d+|ag-\S+|\d+/g, '#').slice(0, 160);
  byCode.set(k, (byCode.get(k) ?? 0) + 1);
}
for (const [k, c] of byCode) log(`  ${c} × ${k}`);
const moved = changes.filter(
  (c) => !/: assigned:(mei|lei)$/.test(c) || !c.endsWith(`:${c.split(':').pop()}`),
);
log(`state changes and alerts after assignment: ${changes.length}`);
for (const c of moved.slice(0, 20)) log(`  ${c}`);
log(`the shopper who came during the fault: ${lateSaid.length} events`);
for (const l of lateSaid.slice(0, 40)) log(`  ${l}`);
late.close();
log('served by balancer', balancer.served().join('/'));
for (const [k, v] of Object.entries(health)) log(`final probe ${k}: ${v}`);

probing = false;
await probing$;
for (const s of shoppers) s.close();
for (const a of Object.values(agents)) a.disconnect();
await balancer.close();
for (const nd of Object.values(nodes)) nd.child.kill('SIGTERM');
await pool.query(`DROP SCHEMA IF EXISTS ${tag} CASCADE`).catch(() => {});
await pool.end();
process.exit(0);
