import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../store/store.ts';
import { EventLogWriter } from './event-log-writer.ts';

const event = (n: number): EventRecord => ({
  id: `e_${n}`,
  at: n,
  kind: 'message',
  conversationId: `c_${n}`,
});

describe('EventLogWriter', () => {
  it('writes events in order, what arrives during a write in the next batch, at most 500 a batch', async () => {
    const batches: string[][] = [];
    const log = new EventLogWriter(
      { appendEvents: async (events) => void batches.push(events.map((e) => e.id)) },
      () => {},
    );
    log.add(event(1));
    for (let n = 2; n <= 1202; n++) log.add(event(n));
    await log.flushed();
    expect(batches.map((b) => b.length)).toEqual([1, 500, 500, 201]);
    expect(batches.flat()).toEqual(Array.from({ length: 1202 }, (_, i) => `e_${i + 1}`));
  });

  it('reports a failed write with its first event’s conversation and goes on with the next', async () => {
    const errors: string[] = [];
    const written: string[] = [];
    let calls = 0;
    const log = new EventLogWriter(
      {
        appendEvents: (events) => {
          if (++calls === 1) throw new Error('store down');
          written.push(...events.map((e) => e.id));
          return Promise.resolve();
        },
      },
      (error, conversationId) => errors.push(`${(error as Error).message} ${conversationId}`),
    );
    log.add(event(1));
    log.add(event(2));
    await log.flushed();
    expect(errors).toEqual(['store down c_1']);
    expect(written).toEqual(['e_2']);
  });
});
