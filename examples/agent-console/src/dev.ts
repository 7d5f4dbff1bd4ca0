/**
 * The console on its own, against any hub:
 *   pnpm --filter agent-console start -- --hub ws://127.0.0.1:5173/kefu [--hub wss://other/kefu …] [--port 5174] [--group complaints …] [--demo]
 * `--demo` lists the demo shop's agents on the sign-in form. `--group` (repeated) names teams a
 * transfer may go to beside the agent's own and those of colleagues online (a team nobody of which is online). Without `--hub`, the console
 * connects to `/kefu` on its own host. The first `--hub` is the default; `?hub=` in the address
 * bar may pick any `--hub` given (KEFU_HUB: comma-separated), and nothing else.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createConsoleHandler } from './serve.ts';

const args = process.argv.slice(2);
const { values } = parseArgs({
  // `pnpm --filter agent-console start -- --hub …` passes its `--` on.
  args: args[0] === '--' ? args.slice(1) : args,
  options: {
    hub: { type: 'string', multiple: true, default: process.env.KEFU_HUB?.split(',') ?? [] },
    port: { type: 'string', default: process.env.PORT ?? '5174' },
    host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
    demo: { type: 'boolean', default: false },
    group: { type: 'string', multiple: true, default: [] },
  },
});

const hubs = values.hub.map((value) => {
  const url = new URL(value);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new TypeError(`--hub must be a ws:// or wss:// URL, got ${value}`);
  return url;
});
const hub = hubs[0];
const metricsUrl = hub ? `${hub.protocol === 'wss:' ? 'https:' : 'http:'}//${hub.host}/metrics` : '/metrics';

let demo: Partial<Parameters<typeof createConsoleHandler>[0]> = {};
if (values.demo) {
  const { DEMO_AGENTS } = await import('../../shop/src/hub.ts');
  demo = {
    agents: DEMO_AGENTS.map((a) => ({ id: a.id, name: a.name, groups: [...a.groups] })),
    demoTokens: DEMO_AGENTS.map((a) => ({ name: a.name, token: a.token })),
  };
}
const handler = createConsoleHandler({
  ...(hub ? { hub: hub.href, hubs: hubs.map((h) => h.href) } : {}),
  metricsUrl,
  ...(values.group.length ? { groups: values.group } : {}),
  ...demo,
});
const server = createServer((req, res) => {
  handler(req, res)
    .then((done) => {
      if (done) return;
      if (req.url === '/' || req.url === '') res.writeHead(302, { location: '/console' }).end();
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    })
    .catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`console error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
});
server.listen(Number(values.port), values.host, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(
    `\n  Kefu agent console: http://${values.host}:${port}/console\n  Hub: ${hub?.href ?? '(same host)/kefu'}\n\n`,
  );
});
