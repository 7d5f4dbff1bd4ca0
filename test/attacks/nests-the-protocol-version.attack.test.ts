import { describe, expect, it } from 'vitest';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (2026-12-04, qa-attacker): a frame whose `v` was an array nested 30,000 deep (60 KB,
// under the frame limit) made the decoder overflow the stack while quoting `v` in its refusal.
// The hub answered nothing (a socket before its hello just hung until the hello timeout) and
// wrote an error-level `hub.fault` for every such frame. Now it is an `unsupported_version` like
// any other wrong version, with the frame's `re`, and nothing is logged as an error.

const DEEP = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
const deepFrame = (id: string) => `{"v":${DEEP},"type":"ping","id":"${id}"}`;

const errorLines = (logs: readonly string[]) =>
  logs.filter((line) => (JSON.parse(line) as { level?: string }).level === 'error');

describe('an attacker nests the protocol version thousands deep', () => {
  it('gets unsupported_version as a shopper, before and after the welcome, and as an agent', async () => {
    const hub = await startHubProcess();

    const early = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    early.send(deepFrame('e1'));
    expect(await early.next('error')).toMatchObject({ code: 'unsupported_version', re: 'e1' });

    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'deep-v' });
    await shopper.next('welcome');
    const from = shopper.frames.length;
    shopper.send(deepFrame('s1'));
    expect(await shopper.next('error', from)).toMatchObject({ code: 'unsupported_version', re: 's1' });
    // The connection is still served.
    shopper.send({ v: 1, type: 'ping', id: 'p1' });
    expect(await shopper.next('pong', from)).toMatchObject({ re: 'p1' });

    const agent = await rawSocket(hub.wsUrl, null);
    agent.send({ v: 1, type: 'hello', role: 'agent', token: AGENTS.alice.token });
    await agent.next('welcome');
    agent.send(deepFrame('a1'));
    expect(await agent.next('error')).toMatchObject({ code: 'unsupported_version', re: 'a1' });

    expect(errorLines(hub.logs)).toEqual([]);
  });
});
