import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { flakyStore } from '../testing/flaky-store.ts';
import { startHub } from '../testing/hub-fixture.ts';

describe('/metrics while the store is away', () => {
  it('answers 500 and reports the fault once, and the hub goes on serving', async () => {
    const flaky = flakyStore(createMemoryStore());
    const faults: string[] = [];
    const started = await startHub({ store: flaky.store });
    started.hub.on('error', (e) => faults.push(e.message));
    const base = started.url.replace('ws:', 'http:');
    flaky.fail('listTickets', 1);
    const failed = await fetch(`${base}/metrics`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('the metrics could not be read\n');
    expect(faults).toHaveLength(1);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });
});
