import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { postgresMissing, redisMissing } from '../../../test/servers.ts';
import { agentAt, isolatedSuite, node, shopperAt, texts, until } from './cluster-fixture.ts';

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
      shopper.connect();
      await until(
        () => shopper.status === 'open',
        () => 'welcome',
      );
      shopper.send('转人工');
      await until(
        () => shopper.state?.status === 'assigned',
        () => 'assigned',
      );
      const c = await agent.join(shopper.conversationId!);
      const N = 1000;
      const sends: Array<Promise<unknown>> = [];
      let restarted: Promise<unknown> | undefined;
      for (let i = 0; i < N; i++) {
        shopper.send(`s${i}`);
        sends.push(agent.send(c.id, `a${i}`));
        if (i === N / 2) {
          first.child.kill('SIGKILL');
          restarted = restartOn(first.port, iso.env);
        }
        if (i % 100 === 0) await new Promise((r) => setTimeout(r, 20));
      }
      await restarted;
      await Promise.all(sends);
      const progress = () =>
        `shopper ${texts(shopper.messages, 'agent').length}/${N}, outbox ${shopper.outbox.length}; agent ${texts(agent.conversation(c.id)!.messages, 'shopper').length}/${N + 1}`;
      await until(
        () => texts(shopper.messages, 'agent').length === N && shopper.outbox.length === 0,
        progress,
        120_000,
      );
      await until(
        () => texts(agent.conversation(c.id)!.messages, 'shopper').length === N + 1,
        progress,
        120_000,
      );
      expect(texts(shopper.messages, 'agent')).toEqual(Array.from({ length: N }, (_, i) => `a${i}`));
      expect(texts(agent.conversation(c.id)!.messages, 'shopper').slice(1)).toEqual(
        Array.from({ length: N }, (_, i) => `s${i}`),
      );
      shopper.close();
      agent.disconnect();
    }, 240_000);
  },
);
