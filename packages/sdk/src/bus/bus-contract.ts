import { afterEach, describe, expect, it } from 'vitest';
import type { Bus, BusEvent } from './bus.ts';

export interface BusContractOptions {
  /**
   * A new node on the test's backend: nodes made within one test see each other's events (when
   * `multiNode`), nodes of different tests never do. `onHandlerError` receives handler errors.
   */
  makeNode: (onHandlerError: (error: unknown) => void) => Promise<Bus>;
  /** Whether separate nodes share events (false for the in-process bus, which is one node by design). */
  multiNode: boolean;
}

/** Collects events and lets a test wait, without timers, until some have arrived. */
function collector() {
  const events: BusEvent[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  return {
    events,
    handler: (event: BusEvent) => {
      events.push(event);
      if (waiting && events.length >= waiting.count) waiting.resolve();
    },
    until: (count: number) =>
      new Promise<void>((resolve) => {
        if (events.length >= count) resolve();
        else waiting = { count, resolve };
      }),
  };
}

const read = (seq: number): BusEvent => ({ kind: 'read', conversationId: 'c_1', by: 'shopper', seq });
const seqOf = (e: BusEvent) => (e.kind === 'read' ? e.seq : -1);

/**
 * The behaviour every Bus must have, run against each implementation (memory, Redis).
 * @example
 * busContract('memory', { makeNode: async (onError) => createMemoryBus(onError), multiNode: false });
 */
export function busContract(name: string, { makeNode, multiNode }: BusContractOptions): void {
  describe(`bus contract: ${name}`, () => {
    const nodes: Bus[] = [];
    const errors: unknown[] = [];
    const node = async () => {
      const bus = await makeNode((error) => errors.push(error));
      nodes.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.all(nodes.splice(0).map((n) => n.close()));
      errors.length = 0;
    });

    it('delivers an event, intact, to every subscriber of its channel', async () => {
      const bus = await node();
      const a = collector();
      const b = collector();
      await bus.subscribe('conv:c_1', a.handler);
      await bus.subscribe('conv:c_1', b.handler);
      const event: BusEvent = {
        kind: 'message',
        conversationId: 'c_1',
        message: {
          seq: 7,
          id: 'm_7',
          conversationId: 'c_1',
          clientMsgId: 'k_7',
          author: { kind: 'shopper' },
          content: { kind: 'text', text: '这个能退吗？🙂 "q" \\ \u0000' },
          createdAt: 1_700_000_000_000,
        },
      };
      await bus.publish('conv:c_1', event);
      await Promise.all([a.until(1), b.until(1)]);
      expect(a.events).toEqual([event]);
      expect(b.events).toEqual([event]);
    });

    it('delivers nothing from other channels', async () => {
      const bus = await node();
      const one = collector();
      const two = collector();
      await bus.subscribe('conv:c_1', one.handler);
      await bus.subscribe('conv:c_2', two.handler);
      await bus.publish('conv:c_2', read(1));
      await bus.publish('notes:c_1', read(2));
      await bus.publish('conv:c_1', read(3));
      await Promise.all([one.until(1), two.until(1)]);
      expect(one.events.map(seqOf)).toEqual([3]);
      expect(two.events.map(seqOf)).toEqual([1]);
    });

    it('stops delivering to a handler once it unsubscribes, and keeps serving the others', async () => {
      const bus = await node();
      const leaving = collector();
      const staying = collector();
      const unsubscribe = await bus.subscribe('inbox', leaving.handler);
      await bus.subscribe('inbox', staying.handler);
      await bus.publish('inbox', read(1));
      await Promise.all([leaving.until(1), staying.until(1)]);
      await unsubscribe();
      await unsubscribe(); // twice is harmless
      await bus.publish('inbox', read(2));
      await staying.until(2);
      expect(leaving.events.map(seqOf)).toEqual([1]);
      expect(staying.events.map(seqOf)).toEqual([1, 2]);
    });

    it('delivers again after the last handler left and a new one subscribed', async () => {
      const bus = await node();
      const first = collector();
      const unsubscribe = await bus.subscribe('conv:c_1', first.handler);
      await unsubscribe();
      const second = collector();
      await bus.subscribe('conv:c_1', second.handler);
      await bus.publish('conv:c_1', read(1));
      await second.until(1);
      expect(second.events.map(seqOf)).toEqual([1]);
      expect(first.events).toEqual([]);
    });

    it('keeps the publish order of 1,000 events on a channel', async () => {
      const bus = await node();
      const got = collector();
      await bus.subscribe('conv:c_1', got.handler);
      // Published without awaiting each one, as a busy hub does.
      await Promise.all(Array.from({ length: 1_000 }, (_, i) => bus.publish('conv:c_1', read(i + 1))));
      await got.until(1_000);
      expect(got.events.map(seqOf)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    });

    it('isolates a handler that throws: the others and later events still arrive', async () => {
      const bus = await node();
      const after = collector();
      await bus.subscribe('conv:c_1', () => {
        throw new Error('plug-in bug');
      });
      await bus.subscribe('conv:c_1', after.handler);
      await bus.publish('conv:c_1', read(1));
      await bus.publish('conv:c_1', read(2));
      await after.until(2);
      expect(after.events.map(seqOf)).toEqual([1, 2]);
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatchObject({ message: 'plug-in bug' });
    });

    it.skipIf(!multiNode)("lets two nodes see each other's events, each node's in order", async () => {
      const nodeA = await node();
      const nodeB = await node();
      const onA = collector();
      const onB = collector();
      await nodeA.subscribe('conv:c_1', onA.handler);
      await nodeB.subscribe('conv:c_1', onB.handler);
      await Promise.all([
        ...Array.from({ length: 100 }, (_, i) => nodeA.publish('conv:c_1', read(i + 1))),
        ...Array.from({ length: 100 }, (_, i) => nodeB.publish('conv:c_1', read(1_000 + i + 1))),
      ]);
      await Promise.all([onA.until(200), onB.until(200)]);
      for (const seen of [onA.events, onB.events]) {
        const fromA = seen.map(seqOf).filter((s) => s < 1_000);
        const fromB = seen.map(seqOf).filter((s) => s > 1_000);
        expect(fromA).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        expect(fromB).toEqual(Array.from({ length: 100 }, (_, i) => 1_000 + i + 1));
      }
    });
  });
}
