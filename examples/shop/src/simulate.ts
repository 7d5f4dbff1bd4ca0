import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoSecrets } from './hub.ts';
import {
  createDemoOrderSystem,
  customerOrders,
  SIMULATE_COMMAND,
  SIMULATE_DEFAULT_URL,
  SIMULATED_STEPS,
  type SimulatedStep,
} from './order-system.ts';

// The order system from a terminal: signs the chosen steps' events with the demo's inbound secret
// (derived from .data/session-secret, as the running demo does) and posts them to its
// POST /api/v1/inbound/order-events, recording them in .data/orders.json for the shop's lookups.

const USAGE = `${SIMULATE_COMMAND} -- --customer <id> [--order <id>] [--step shipped,out_for_delivery,late] [--lang zh|en] [--url ${SIMULATE_DEFAULT_URL}]
  --customer  the demo customer's id: 8 hex digits, shown on the shop's "My orders" page
  --order     default: the customer's first order; "late" goes to their second unless --order is given
  --step      one or more of ${SIMULATED_STEPS.join(', ')} (default: shipped,out_for_delivery,late)
  --lang      the customer's language, which the events' texts (the carrier) are in (default zh)`;

const args = process.argv.slice(2);
const { values } = parseArgs({
  // pnpm passes the `--` that separates its own options on.
  args: args[0] === '--' ? args.slice(1) : args,
  options: {
    customer: { type: 'string' },
    order: { type: 'string' },
    step: { type: 'string', default: 'shipped,out_for_delivery,late' },
    lang: { type: 'string', default: 'zh' },
    url: { type: 'string', default: process.env.KEFU_DEMO_URL ?? SIMULATE_DEFAULT_URL },
  },
});
const steps = values.step.split(',').map((s) => s.trim());
const unknown = steps.filter((s) => !SIMULATED_STEPS.includes(s as SimulatedStep));
const lang = values.lang === 'en' ? 'en' : values.lang === 'zh' ? 'zh' : undefined;
// Each problem in words first: the usage alone left "--customer nobody" to guess what was wrong.
const CUSTOMER_RULE = `8 hex digits (0-9, A-F), as on the shop's "My orders" page`;
const problems = [
  values.customer === undefined
    ? `--customer is required: ${CUSTOMER_RULE}`
    : !/^[0-9A-F]{8}$/.test(values.customer)
      ? `--customer must be ${CUSTOMER_RULE}, not ${JSON.stringify(values.customer)}`
      : '',
  unknown.length ? `unknown step: ${unknown.join(', ')}` : '',
  lang ? '' : `--lang must be zh or en, not ${JSON.stringify(values.lang)}`,
].filter(Boolean);
if (problems.length > 0 || !values.customer || !lang) {
  process.stderr.write(`${problems.join('\n')}\n${USAGE}\n`);
  process.exit(2);
}
const customer = values.customer;
const dir = process.env.KEFU_DATA ?? fileURLToPath(new URL('../.data', import.meta.url));
const secret = (await readFile(join(dir, 'session-secret'), 'utf8').catch(() => '')).trim();
if (!secret) {
  process.stderr.write(`no ${join(dir, 'session-secret')}: start the demo once (pnpm demo)\n`);
  process.exit(2);
}
const orders = createDemoOrderSystem({
  hubUrl: () => values.url.replace(/\/$/, ''),
  secret: demoSecrets(secret).inbound,
  file: join(dir, 'orders.json'),
});
const [first, second] = customerOrders(customer);
for (const step of steps as SimulatedStep[]) {
  const orderId = values.order ?? (step === 'late' ? second : first);
  const sent = await orders.simulate(customer, orderId, step, lang).catch((error: unknown) => {
    // Nothing listening there: say where we looked and how to look elsewhere, not a fetch stack.
    process.stderr.write(`no demo at ${values.url} (${String(error)}): start it (pnpm demo) or pass --url\n`);
    process.exit(1);
  });
  for (const { status, body } of sent)
    process.stdout.write(`${orderId} ${step}: ${status} ${JSON.stringify(body)}\n`);
}
