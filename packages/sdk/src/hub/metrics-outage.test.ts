import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { flakyStore } from '../testing/flaky-store.ts';
import { startHub } from '../testing/hub-fixture.ts';

// Hubs started here are closed after each test by the shared setup (closeStarted).

describe('/metrics while the store is away', () => {
  it('answers 503 (a scraper retries) and reports the fault once, and the hub goes on serving', async () => {
    const flaky = flakyStore(createMemoryStore());
    const faults: string[] = [];
    const started = await startHub({ store: flaky.store });
    started.hub.on('error', (e) => faults.push(e.message));
    const base = started.url.replace('ws:', 'http:');
    flaky.fail('listTickets', 1);
    const failed = await fetch(`${base}/metrics`);
    expect(failed.status).toBe(503);
    expect(await failed.text()).toBe('the metrics could not be read\n');
    expect(faults).toHaveLength(1);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });
});

describe('/metrics says whether the store and the bus are up, as /readyz does', () => {
  const scrape = async (url: string) => {
    const res = await fetch(`${url.replace('ws:', 'http:')}/metrics`);
    return { status: res.status, text: await res.text() };
  };

  it('reports both up on a healthy hub', async () => {
    const { url } = await startHub();
    const { status, text } = await scrape(url);
    expect(status).toBe(200);
    expect(text).toContain('# TYPE kefu_store_up gauge\nkefu_store_up 1\n');
    expect(text).toContain('# TYPE kefu_bus_up gauge\nkefu_bus_up 1\n');
  });

  it('reports the bus down, beside the figures the store still gives', async () => {
    const bus = createMemoryBus();
    const { url } = await startHub({
      bus: { ...bus, ping: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) },
    });
    const { status, text } = await scrape(url);
    expect(status).toBe(200);
    expect(text).toContain('kefu_bus_up 0\n');
    expect(text).toContain('kefu_store_up 1\n');
    expect(text).toContain('kefu_conversations 0\n');
  });

  it('reports the store down when its readiness check fails though its reads still answer', async () => {
    const store = createMemoryStore();
    const { url } = await startHub({
      store: { ...store, ready: async () => Promise.reject(new Error('schema kefu is at version 3')) },
    });
    const { status, text } = await scrape(url);
    expect(status).toBe(200);
    expect(text).toContain('kefu_store_up 0\n');
    expect(text).toContain('kefu_bus_up 1\n');
  });
});
