import { ERROR_CODES } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { Bus } from '../bus/bus.ts';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';

/** The in-process bus, with a Redis bus's `onReconnect`: `reconnected()` plays its connections coming back. */
function busThatReconnects(): Bus & { reconnected(): void } {
  const inner = createMemoryBus();
  const listeners = new Set<() => void>();
  return {
    publish: (channel, event) => inner.publish(channel, event),
    subscribe: (channel, handler) => inner.subscribe(channel, handler),
    close: () => inner.close(),
    onReconnect(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnected: () => {
      for (const listener of listeners) listener();
    },
  };
}

describe('a hub node back on its bus after an outage', () => {
  it('ends its clients with bus_outage (close 4503, not slow_consumer), and both resume', async () => {
    const bus = busThatReconnects();
    const { url } = await startHub({ bus });
    const s = shopper(url);
    const shopperCloses: { code?: number; reason?: string }[] = [];
    const shopperErrors: string[] = [];
    s.on('connection', ({ status, code, reason }) => {
      if (status === 'reconnecting') shopperCloses.push({ code, reason });
    });
    s.on('error', ({ code }) => shopperErrors.push(code));
    s.connect();
    await until(() => s.status === 'open', 'shopper welcome');
    const conversationId = s.conversationId;
    const mei = agent(url);
    const agentCloses: { code?: number; reason?: string }[] = [];
    mei.on('connection', ({ status, code, reason }) => {
      if (status === 'reconnecting') agentCloses.push({ code, reason });
    });
    const agentErrors: string[] = [];
    mei.on('error', ({ code }) => agentErrors.push(code));
    await mei.connect();

    bus.reconnected();
    await until(() => shopperCloses.length > 0 && agentCloses.length > 0, 'both clients closed');
    const expected = { code: 4503, reason: expect.stringMatching(/^bus_outage: /) };
    expect(ERROR_CODES.bus_outage.close).toBe(4503);
    expect(shopperCloses).toEqual([expected]);
    expect(agentCloses).toEqual([expected]);

    // A transient failure: both come back on their own, the shopper into the same conversation.
    await until(() => s.status === 'open' && mei.status === 'open', 'both clients back');
    expect(s.conversationId).toBe(conversationId);
    s.send('still here');
    await until(
      () => s.messages.some((m) => m.content.kind === 'text' && m.content.text === 'still here'),
      'the message after the resume stored',
    );
    // Told by the close alone: an error frame with a code older clients do not know would reach
    // them as an unreadable frame.
    expect(shopperErrors).toEqual([]);
    expect(agentErrors).toEqual([]);
  });
});
