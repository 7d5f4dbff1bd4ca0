import { afterAll, afterEach, describe, it } from 'vitest';
import { postgresMissing, redisMissing } from '../../../test/servers.ts';
import { agentAt, escalate, exchangeExactlyOnce, isolatedSuite, node, shopperAt } from './cluster-fixture.ts';

const missing = (await postgresMissing()) ?? (await redisMissing());
const fresh = isolatedSuite({ afterEach, afterAll }, missing === null);

/** Starts the node again on the same port once the killed one has let go of it. */
async function restartOn(port: number, env: Record<string, string>) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await node({ ...env, NODE_NAME: 'one-again', PORT: String(port) });
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('EADDRINUSE')) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(missing !== null)(
  missing ? `restart (skipped: ${missing})` : 'a hub process killed and restarted',
  () => {
    it('resumes both sides after SIGKILL mid-stream and a restart on the same store: nothing lost, nothing doubled', async () => {
      const iso = fresh();
      const first = await node({ ...iso.env, NODE_NAME: 'one' });
      const url = `ws://127.0.0.1:${first.port}`;
      const agent = agentAt(url);
      await agent.connect();
      const shopper = shopperAt(url);
      await escalate(shopper);
      const c = await agent.join(shopper.conversationId!);
      // Killed halfway through, and started again on the same port and store.
      await exchangeExactlyOnce(shopper, agent, c.id, 1000, () => {
        first.child.kill('SIGKILL');
        return restartOn(first.port, iso.env);
      });
      shopper.close();
      agent.disconnect();
    }, 240_000);
  },
);
