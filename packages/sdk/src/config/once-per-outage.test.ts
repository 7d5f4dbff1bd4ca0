import { expect, it } from 'vitest';
import { oncePerOutage } from './once-per-outage.ts';

it('reports each cause once while it keeps coming, and again after a quiet spell', () => {
  let at = 0;
  const reported: string[] = [];
  const report = oncePerOutage((e) => reported.push(e.message), { quietMs: 1000, now: () => at });
  const cut = new Error('terminating connection due to administrator command');
  for (let i = 0; i < 10; i++) {
    report(cut);
    at += 500; // a failure every half second never leaves a quiet second
  }
  report(new Error('read ECONNRESET'));
  expect(reported).toEqual([cut.message, 'read ECONNRESET']);
  at += 1000;
  report(cut);
  expect(reported).toEqual([cut.message, 'read ECONNRESET', cut.message]);
});
