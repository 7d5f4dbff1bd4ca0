import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '../seams/agents.ts';
import { AGENT_TOKEN, rawSocket, startHub, until } from '../testing/hub-fixture.ts';
import { ManualClock } from '../testing/manual-clock.ts';

const MEI: AgentProfile = { id: 'mei', name: 'Mei', groups: ['default'] };
const agentHello = (token: string) => ({ v: 1, type: 'hello', role: 'agent', token, id: 'h1' });

/** An authenticator that knows AGENT_TOKEN and counts the calls it gets. */
function countingAuthenticator() {
  const calls = { count: 0 };
  return {
    calls,
    agents: async (token: string) => {
      calls.count++;
      return token === AGENT_TOKEN ? MEI : null;
    },
  };
}

describe('agent sign-in over real sockets', () => {
  it('closes a sign-in whose authenticator never answers once the plug-in timeout passes', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let asked = 0;
    const { url } = await startHub({
      clock,
      pluginTimeoutMs: 2_000,
      agents: () => {
        asked++;
        return new Promise<never>(() => {});
      },
    });
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    await until(() => asked === 1, 'the authenticator to be asked');
    clock.advance(2_000);
    expect(await sock.waitClosed()).toMatchObject({ code: 1011 });
    expect(sock.frames.at(-1)).toMatchObject({
      type: 'error',
      code: 'plugin_failed',
      re: 'h1',
      retryable: true,
    });
  });

  it('closes a sign-in whose authenticator throws, with plugin_failed', async () => {
    const { url } = await startHub({
      agents: async () => {
        throw new Error('the directory is down');
      },
    });
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    expect(await sock.waitClosed()).toMatchObject({ code: 1011 });
    // A directory down may be back: retryable, so clients keep trying.
    expect(sock.frames.at(-1)).toMatchObject({ type: 'error', code: 'plugin_failed', retryable: true });
  });

  it('refuses a profile from the agents function that the frames cannot carry, naming the field', async () => {
    const warnings: unknown[] = [];
    const { url } = await startHub({
      agents: async () => ({ ...MEI, name: 'M'.repeat(101) }),
      logger: { log: (level, event, fields) => level === 'warn' && warnings.push({ event, ...fields }) },
    });
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    expect(await sock.waitClosed()).toMatchObject({ code: 1011 });
    // Final until the merchant fixes the profile: not retryable, so clients stop.
    expect(sock.frames.at(-1)).toMatchObject({
      type: 'error',
      code: 'plugin_failed',
      re: 'h1',
      retryable: false,
    });
    expect(String(sock.frames.at(-1)?.message)).toMatch(/name must be 1-100 characters/);
    expect(warnings).toContainEqual(
      expect.objectContaining({ event: 'plugin.failed', plugin: 'authenticateAgent' }),
    );
  });

  it('shows an agent named with bidi controls or zero-width characters by their name without them', async () => {
    // A directory's display name is often the agent's own choice; shoppers and colleagues read it.
    const { url } = await startHub({
      agents: async () => ({ ...MEI, name: 'Mei\u202E\u200Bsupport\u2066' }),
    });
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    const welcome = await sock.next('welcome');
    expect(welcome).toMatchObject({ agent: { name: 'Meisupport' } });
    sock.ws.close();
  });

  it('refuses a supervisor flag that is not true or false, so no directory string half-makes a supervisor', async () => {
    // A directory's "false" (a string) is truthy: its agent was given reports and the knowledge
    // base, which check the flag loosely, but not other agents' conversations, which check `true`;
    // and their welcome (supervisor: "false") was a frame the agent client cannot read.
    const { url } = await startHub({
      agents: async () => ({ ...MEI, supervisor: 'false' as unknown as boolean }),
    });
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    sock.send({ v: 1, type: 'report', id: 'r1', from: 0, to: Date.now() });
    await until(() => sock.closed !== undefined || sock.frames.some((f) => f.re === 'r1'), 'an answer');
    expect(sock.frames.find((f) => f.re === 'r1')).toBeUndefined();
    expect(await sock.waitClosed()).toMatchObject({ code: 1011 });
    expect(sock.frames.at(-1)).toMatchObject({ type: 'error', code: 'plugin_failed', re: 'h1' });
    expect(String(sock.frames.at(-1)?.message)).toMatch(/supervisor must be true or false/);
  });

  it('counts a connection as not signed in until the welcome, so a stalled sign-in is closed after the idle timeout', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let asked = 0;
    const { hub, url } = await startHub({
      clock,
      pluginTimeoutMs: 600_000,
      limits: { helloTimeoutMs: 5_000, heartbeatMs: 5_000, idleTimeoutMs: 20_000 },
      agents: () => {
        asked++;
        return new Promise<never>(() => {});
      },
    });
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    await until(() => asked === 1, 'the authenticator to be asked');
    expect(hub.stats()).toMatchObject({ agents: 0, pending: 1 });
    for (let i = 0; i < 5; i++) {
      clock.advance(5_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await sock.waitClosed()).toMatchObject({ code: 4408 });
    expect(sock.frames.at(-1)).toMatchObject({
      type: 'error',
      code: 'idle_timeout',
      message: 'the hub could not finish signing you in; reconnect',
    });
  });

  it('welcomes a hello whose sign-in outlasts the hello timeout (a busy hub), and still closes a silent socket', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let answer: ((profile: { id: string; name: string; groups: string[] }) => void) | undefined;
    const { url } = await startHub({
      clock,
      pluginTimeoutMs: 600_000,
      limits: { helloTimeoutMs: 5_000, heartbeatMs: 5_000, idleTimeoutMs: 60_000 },
      agents: () => new Promise((resolve) => (answer = resolve)),
    });
    const silent = await rawSocket(url, null);
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    await until(() => answer !== undefined, 'the authenticator to be asked');
    // Three hello timeouts pass while the sign-in is the hub's work.
    for (let i = 0; i < 3; i++) {
      clock.advance(5_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await silent.waitClosed()).toMatchObject({ code: 4408 });
    expect(silent.frames.at(-1)).toMatchObject({
      code: 'idle_timeout',
      message: 'no hello received in time',
    });
    answer!({ id: 'mei', name: 'Mei', groups: ['default'] });
    await sock.next('welcome');
    expect(sock.closed).toBeUndefined();
  });

  it('closes a connection that sends more than a hello and a few frames before its welcome', async () => {
    let asked = 0;
    const { url } = await startHub({
      agents: () => {
        asked++;
        return new Promise<never>(() => {});
      },
    });
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    await until(() => asked === 1, 'the authenticator to be asked');
    for (let i = 0; i < 10; i++) sock.send({ v: 1, type: 'ping', id: `p${i}` });
    expect(await sock.waitClosed()).toMatchObject({ code: 4429 });
    expect(sock.frames.at(-1)).toMatchObject({ type: 'error', code: 'rate_limited' });
  });

  it('closes a connection that sends a large frame before its welcome', async () => {
    const { url } = await startHub({ agents: () => new Promise<never>(() => {}) });
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    sock.send(JSON.stringify({ v: 1, type: 'ping', pad: 'x'.repeat(100_000) }));
    // One frame over the protocol's limit is frame_too_large, as after the welcome.
    expect(await sock.waitClosed()).toMatchObject({ code: 1009 });
    expect(sock.frames.at(-1)).toMatchObject({ code: 'frame_too_large', retryable: false });
  });

  it('closes a connection that sends more than its byte allowance in frames under the limit before its welcome', async () => {
    const { url } = await startHub({ agents: () => new Promise<never>(() => {}) });
    const sock = await rawSocket(url, null);
    sock.send(agentHello(AGENT_TOKEN));
    for (let i = 0; i < 2; i++) sock.send(JSON.stringify({ v: 1, type: 'ping', pad: 'x'.repeat(40_000) }));
    expect(await sock.waitClosed()).toMatchObject({ code: 4429 });
    expect(sock.frames.at(-1)).toMatchObject({ code: 'rate_limited' });
  });

  it('refuses guesses from an address after a few failures without asking the authenticator, until its wait is over', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const auth = countingAuthenticator();
    const { url } = await startHub({
      clock,
      agents: auth.agents,
      signIn: { freeFailures: 3, backoffMs: 10_000, maxBackoffMs: 60_000 },
    });
    const codes: unknown[] = [];
    for (let i = 0; i < 8; i++) {
      const sock = await rawSocket(url, null);
      sock.send(agentHello(`wrong-token-${i}-4f9c2a7e1b`));
      await sock.waitClosed();
      codes.push(sock.frames.at(-1)?.code);
    }
    expect(codes).toEqual([
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'rate_limited',
      'rate_limited',
      'rate_limited',
      'rate_limited',
    ]);
    expect(auth.calls.count).toBe(4);
    // Even the right token waits; after the wait it signs in, and the failures are forgotten.
    const early = await rawSocket(url, null);
    early.send(agentHello(AGENT_TOKEN));
    expect(await early.waitClosed()).toMatchObject({ code: 4429 });
    clock.advance(10_000);
    const agent = await rawSocket(url, null);
    agent.send(agentHello(AGENT_TOKEN));
    await agent.next('welcome');
    const again = await rawSocket(url, null);
    again.send(agentHello('wrong-token-again-4f9c2a7e1b'));
    await again.waitClosed();
    expect(again.frames.at(-1)).toMatchObject({ code: 'unauthorized' });
  });
});
