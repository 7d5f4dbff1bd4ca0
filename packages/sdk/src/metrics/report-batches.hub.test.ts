import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { EventRecord, Store } from '../store/store.ts';
import { startHub } from '../testing/hub-fixture.ts';
import { computeReport } from './report.ts';

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 0, 1);

/** A conversation a day's shopper had: created, a question, escalated, answered by an agent, closed. */
function conversation(i: number): EventRecord[] {
  const at = FROM + (i % 360) * DAY + i * 1000;
  const id = `c_${i}`;
  const agentId = i % 2 ? 'mei' : 'lei';
  return [
    { id: `${id}_1`, at, kind: 'conversation.created', conversationId: id },
    { id: `${id}_2`, at: at + 1, kind: 'message', conversationId: id, data: { authorKind: 'shopper' } },
    { id: `${id}_3`, at: at + 2, kind: 'escalated', conversationId: id, group: 'default' },
    { id: `${id}_4`, at: at + 5, kind: 'assigned', conversationId: id, agentId, data: { waitedMs: 3 } },
    {
      id: `${id}_5`,
      at: at + 9,
      kind: 'message',
      conversationId: id,
      agentId,
      data: { authorKind: 'agent' },
    },
    { id: `${id}_6`, at: at + 20, kind: 'closed', conversationId: id, agentId },
  ];
}

describe('a report over a long window', () => {
  it('reads the event log a batch of conversations at a time, with the same figures as all at once', async () => {
    const store = createMemoryStore();
    const events = Array.from({ length: 3000 }, (_, i) => conversation(i)).flat();
    await store.appendEvents(events);
    let largestRead = 0;
    const counting: Store = {
      ...store,
      listEvents: async (filter) => {
        const read = await store.listEvents(filter);
        largestRead = Math.max(largestRead, read.length);
        return read;
      },
    };
    const started = await startHub({ store: counting });
    hub = started.hub;
    const window = { from: FROM, to: FROM + 365 * DAY };
    const report = await hub.admin.report({ ...window, groupBy: 'agent' });
    expect(report.total.conversations).toBe(3000);
    expect(report).toEqual(computeReport(events, { ...window, groupBy: 'agent' }));
    // 1000 conversations of 6 events at most, not the 18,000 events of the year.
    expect(largestRead).toBeLessThanOrEqual(6000);
  });
});
