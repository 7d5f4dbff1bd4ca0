import type { MetricsRow } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { flakyStore } from '../testing/flaky-store.ts';
import { agent, SUPERVISOR_TOKEN, shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

describe('a bot turn that failed for good', () => {
  it('is one bot failure in the report: in process, on /metrics, on the console and in the HTTP API, JSON, CSV and OpenAPI', async () => {
    const flaky = flakyStore(createMemoryStore());
    const started = await startHub({ store: flaky.store });
    hub = started.hub;
    hub.on('error', () => {});
    // A failure a retry would meet again: the turn fails for good at once and goes to people.
    flaky.fail(
      'appendMessage',
      2,
      (m) => m.author.kind === 'bot' && m.content.kind === 'text',
      () => new TypeError('a bug'),
    );
    const s = shopper(started.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('where is my parcel?');
    await until(
      () => s.state?.status === 'queued',
      () => `queued (${s.state?.status})`,
    );
    // A second question while queued: no bot turn, still one conversation the bot failed in.
    s.send('hello?');
    const now = Date.now();
    const window = { from: now - 3_600_000, to: now + 60_000 };
    const report = await hub.admin.report({ ...window, groupBy: 'group' });
    expect(report.total.bot?.failures).toBe(1);
    expect(report.rows.map((r) => [r.key, r.bot?.failures])).toEqual([['default', 1]]);
    // The live figures: /metrics, the last 24 h per group.
    const prometheus = await hub.admin.metrics();
    expect(prometheus).toMatch(/^kefu_bot_failures 1$/m);
    expect(prometheus).toContain('kefu_bot_failures{group="default"} 1');

    const boss = agent(started.url, SUPERVISOR_TOKEN);
    await boss.connect();
    expect((await boss.report(window.from, window.to)).total.bot?.failures).toBe(1);

    const { key } = await hub.admin.apiKeys.create({ name: 'reports', scopes: ['read'] });
    const get = (query: string, accept = 'application/json') =>
      fetch(
        `${started.url.replace(/^ws/, 'http')}/api/v1/reports?from=${window.from}&to=${window.to}${query}`,
        {
          headers: { authorization: `Bearer ${key}`, accept },
        },
      );
    const json = (await (await get('')).json()) as { total: MetricsRow };
    expect(json.total.bot?.failures).toBe(1);
    const [header, total] = (await (await get('', 'text/csv')).text()).split('\r\n');
    const column = header!.split(',').indexOf('bot_failures');
    expect(column).toBeGreaterThan(0);
    expect(total!.split(',')[column]).toBe('1');
    const openapi = (await (await fetch(`${started.url.replace(/^ws/, 'http')}/openapi.json`)).json()) as {
      components: { schemas: Record<string, unknown> };
    };
    const schemas = JSON.stringify(openapi.components.schemas);
    expect(schemas).toContain('"failures"');
    expect(schemas).toContain('bot.failures counts conversations in which a bot turn failed for good');
  });
});
