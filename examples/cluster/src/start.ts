/**
 * Three hub nodes on one machine against PostgreSQL and Redis, behind a round-robin balancer.
 *   pnpm --filter cluster start
 */
import { createBalancer } from './balancer.ts';
import { spawnNode } from './spawn-node.ts';

const ports = [7101, 7102, 7103];
const nodes = await Promise.all(
  ports.map((port, i) => spawnNode({ PORT: String(port), NODE_NAME: 'abc'[i]! })),
);
const balancer = createBalancer(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })));
const port = await balancer.listen(Number(process.env.PORT ?? 7100));
console.log(`\n  Kefu cluster: 3 hub nodes (${ports.join(', ')}) behind ws://127.0.0.1:${port}\n`);
const stop = async () => {
  for (const n of nodes) n.child.kill('SIGTERM');
  await balancer.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
