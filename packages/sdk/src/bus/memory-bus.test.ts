import { busContract } from './bus-contract.ts';
import { createMemoryBus } from './memory-bus.ts';

// One process is one node: there is no second node to reach, so the cross-node case is skipped.
busContract('memory', {
  makeNode: async (onHandlerError) => createMemoryBus(onHandlerError),
  multiNode: false,
});
