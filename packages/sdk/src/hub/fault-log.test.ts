import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../logger.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { throttleFaults } from './fault-log.ts';

function setup() {
  const lines: Record<string, unknown>[] = [];
  const clock = new ManualClock();
  const logger = createJsonLogger({ write: (l) => lines.push(JSON.parse(l)), now: () => clock.now() });
  return { lines, clock, faults: throttleFaults(logger, clock, 10_000) };
}
const events = (lines: Record<string, unknown>[]) => lines.map((l) => l.event);

describe('throttleFaults', () => {
  it('writes the first of each distinct fault, then one summary per interval with the count', () => {
    const { lines, clock, faults } = setup();
    const down = { where: 'frame', error: 'connect ECONNREFUSED 127.0.0.1:5432' };
    for (let i = 0; i < 200; i++)
      faults.logger.log('error', 'hub.fault', { ...down, conversation: `c${i % 2}` });
    faults.logger.log('error', 'hub.fault', { where: 'retention', error: 'timeout' });
    faults.logger.log('info', 'conversation.created', {});
    faults.logger.log('info', 'conversation.created', {});
    expect(events(lines)).toEqual(['hub.fault', 'hub.fault', 'conversation.created', 'conversation.created']);
    expect(lines[0]).toMatchObject({ level: 'error', ...down, conversation: 'c0' });

    clock.advance(10_000);
    expect(lines.slice(4)).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'hub.fault.repeated',
        ...down,
        count: 199,
        everyMs: 10_000,
      }),
    ]);
    expect(lines[4]).not.toHaveProperty('conversation');

    // Still failing: one more summary; then a quiet interval makes the fault new again.
    faults.logger.log('error', 'hub.fault', down);
    clock.advance(10_000);
    expect(lines.slice(5).map((l) => [l.event, l.count])).toEqual([['hub.fault.repeated', 1]]);
    clock.advance(20_000);
    faults.logger.log('error', 'hub.fault', down);
    expect(events(lines.slice(6))).toEqual(['hub.fault']);
  });

  it('writes the pending count on flush and stops', () => {
    const { lines, clock, faults } = setup();
    faults.logger.log('error', 'hub.fault', { where: 'frame', error: 'x' });
    faults.logger.log('error', 'hub.fault', { where: 'frame', error: 'x' });
    faults.flush();
    expect(lines.map((l) => [l.event, l.count])).toEqual([
      ['hub.fault', undefined],
      ['hub.fault.repeated', 1],
    ]);
    clock.advance(60_000);
    expect(lines).toHaveLength(2);
  });
});
