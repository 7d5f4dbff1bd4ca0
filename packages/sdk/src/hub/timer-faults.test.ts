import { afterEach, describe, expect, it } from 'vitest';
import type { HubEvents } from '../conversation/hub-events.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { Store } from '../store/store.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** A store whose timers table is down (its other tables work). */
function timersDown(): { store: Store; down: { on: boolean } } {
  const inner = createMemoryStore();
  const down = { on: false };
  const failing = new Set([
    'addTimer',
    'putTimer',
    'updateTimer',
    'getTimer',
    'deleteTimer',
    'claimDueTimers',
  ]);
  const store = new Proxy(inner, {
    get(target, key: keyof Store) {
      const value = target[key];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        down.on && failing.has(key)
          ? Promise.reject(new Error(`timers unavailable (${key})`))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { store, down };
}

describe('when the timers table fails', () => {
  it('still delivers the conversation: messages and changes land, the failure is reported', async () => {
    const { store, down } = timersDown();
    const started = await startHub({ store });
    hub = started.hub;
    const errors: HubEvents['error'][] = [];
    hub.on('error', (e) => errors.push(e));
    const s = shopper(started.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const mei = agent(started.url);
    await mei.connect();
    down.on = true;
    const c = await mei.accept(s.conversationId!);
    await mei.send(c.id, '您好，我来帮您');
    s.send('谢谢');
    await until(
      () => s.messages.some((m) => m.author.kind === 'agent'),
      'the agent reply reaches the shopper',
    );
    await until(
      () =>
        mei.conversation(c.id)!.messages.some((m) => m.content.kind === 'text' && m.content.text === '谢谢'),
      'the shopper reply reaches the agent',
    );
    await mei.close(c.id, 'done');
    await until(() => s.state?.status === 'closed', 'closed');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.code === 'internal' && /timers unavailable/.test(e.message))).toBe(true);
    down.on = false;
    s.close();
    mei.disconnect();
  });
});
