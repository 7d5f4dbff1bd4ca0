import type { KefuError } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { createHub } from '../hub/create-hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import { silentLogger } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { eventually } from '../testing/eventually.ts';
import { AGENT_TOKEN, agent, ORIGIN, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { trackHub } from '../testing/started.ts';
import type { AgentClientEvents } from './agent-client-events.ts';

// The hubs and the clients are closed after each test by test/close-started.ts.

/** The hub again on `port` (a restart): Mei's agent client reconnects there by itself. */
async function restartOn(port: number, options: Partial<HubOptions> = {}): Promise<void> {
  const again = trackHub(
    createHub({
      sites: [{ key: 'shop', origins: [ORIGIN] }],
      agents: [{ id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default'] }],
      logger: silentLogger,
      ...options,
    }),
  );
  await again.listen({ port });
}

describe('a conversation the hub no longer has when the agent reconnects', () => {
  it('is dropped from what the client holds, with an error naming it', async () => {
    const first = await startHub();
    const port = Number(new URL(first.url).port);
    const s = shopper(first.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const a = agent(first.url);
    const errors: AgentClientEvents['error'][] = [];
    a.on('error', (e) => errors.push(e));
    await a.connect();
    const { id } = await a.accept(s.conversationId!);

    // A restart on an empty store (an in-memory one, say): the conversation is gone.
    await first.hub.close();
    await restartOn(port);
    // Before 2026-12-06 the refused re-join was an error naming nothing, and the client kept the
    // conversation open for ever: the console showed a conversation nobody could write in.
    await until(
      () => errors.some((e) => e.conversationId === id),
      () => JSON.stringify(errors),
    );
    expect(errors.find((e) => e.conversationId === id)?.code).toBe('not_found');
    expect(a.conversation(id)).toBeUndefined();
  });
});

describe('an agent with more conversations open than its read budget lets through at once', () => {
  it('re-joins every one after a reconnect as the budget refills, each live again', async () => {
    const store = createMemoryStore();
    // An agent's reads: four at once, then two a second (agent-read-budget.ts).
    const limits = { historyBytesPerSecond: 1000, historyBytesBurst: 2000 };
    const first = await startHub({ store, limits });
    const port = Number(new URL(first.url).port);
    const shoppers = Array.from({ length: 5 }, () => shopper(first.url));
    const a = agent(first.url);
    const errors: AgentClientEvents['error'][] = [];
    a.on('error', (e) => errors.push(e));
    await a.connect();
    for (const s of shoppers) {
      s.connect();
      await until(() => s.status === 'open', 'welcome');
      s.send('转人工');
      await until(() => s.state?.status === 'queued', 'queued');
      await eventually(async () => {
        try {
          await a.accept(s.conversationId!);
          return true;
        } catch (error) {
          if ((error as KefuError).code === 'rate_limited') return false;
          throw error;
        }
      }, 'accepted');
    }

    const joined = new Set<string>();
    a.on('conversation', (c) => joined.add(c.id));
    await first.hub.close();
    await restartOn(port, { routing: { assignment: 'manual', ticketWhenUnstaffed: false }, store, limits });
    const heard = new Set<string>();
    a.on('message', ({ conversationId, message }) => {
      if (
        message.author.kind === 'shopper' &&
        message.content.kind === 'text' &&
        message.content.text === 'back'
      )
        heard.add(conversationId);
    });
    // Before: the re-joins past the budget were refused and those conversations stayed without
    // their live feed, shown open in the console, until the next reconnect.
    await until(
      () => joined.size === shoppers.length,
      () => `re-joined ${joined.size} of ${shoppers.length}; errors ${JSON.stringify(errors)}`,
    );
    for (const s of shoppers) await until(() => s.status === 'open', 'the shopper back');
    for (const s of shoppers) s.send('back');
    await until(
      () => heard.size === shoppers.length,
      () => `heard ${heard.size} of ${shoppers.length}; errors ${JSON.stringify(errors)}`,
    );
    expect(errors.filter((e) => e.code === 'rate_limited')).toEqual([]);
  });
});
