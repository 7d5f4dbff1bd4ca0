import { describe, expect, it } from 'vitest';
import { createHub } from '../hub/create-hub.ts';
import { silentLogger } from '../logger.ts';
import { AGENT_TOKEN, agent, ORIGIN, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { trackHub } from '../testing/started.ts';
import type { AgentClientEvents } from './agent-client-events.ts';

// The hubs and the clients are closed after each test by test/close-started.ts.

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
    const again = trackHub(
      createHub({
        sites: [{ key: 'shop', origins: [ORIGIN] }],
        agents: [{ id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default'] }],
        logger: silentLogger,
      }),
    );
    await again.listen({ port });
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
