import { readFile } from 'node:fs/promises';
import { createMemoryStore } from '@kefu/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../src/server.ts';

/** The terminal command an order page offers (the simulate script), as the page's HTML has it. */
async function scriptOnOrderPage(demo: Demo): Promise<string> {
  const orders = await fetch(`${demo.shopUrl}orders`);
  const cookie = (orders.headers.get('set-cookie') ?? '').split(';')[0]!;
  const orderId = /href="\/orders\/(KF[0-9A-F]{8}01)"/.exec(await orders.text())?.[1];
  expect(orderId).toBeDefined();
  const page = await (await fetch(`${demo.shopUrl}orders/${orderId}`, { headers: { cookie } })).text();
  const command = /<code>([^<]*--filter shop simulate [^<]*)<\/code>/.exec(page)?.[1];
  expect(command).toBeDefined();
  return command!;
}

describe('the order page’s simulate command', () => {
  let demo: Demo | undefined;
  afterEach(async () => {
    await demo?.close();
    demo = undefined;
  });

  it('names the demo’s address when it is not the script’s default, so it runs as shown', async () => {
    demo = await startDemo({ port: 0, store: createMemoryStore(), secret: 'demo-test-secret-0123456789' });
    expect(await scriptOnOrderPage(demo)).toMatch(
      new RegExp(`--step shipped --url http://127\\.0\\.0\\.1:${demo.port}$`),
    );
  });

  it('runs pnpm as README does, through npx (a newcomer has npm, not necessarily pnpm)', async () => {
    demo = await startDemo({ port: 0, store: createMemoryStore(), secret: 'demo-test-secret-0123456789' });
    const root = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      packageManager: string;
    };
    expect(await scriptOnOrderPage(demo)).toMatch(
      new RegExp(`^npx -y ${root.packageManager.replace(/\./g, '\\.')} --filter shop simulate -- `),
    );
  });
});
