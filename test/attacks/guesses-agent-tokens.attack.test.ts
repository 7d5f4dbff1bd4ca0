import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, startHubProcess } from './hub-process.ts';

// Finding 8: agent sign-in was not throttled (about 800 wrong-token guesses a second from one
// address). Now an address gets a few failures, then waits longer after each; refused attempts
// never reach the authenticator.
const GUESSES = 200;
const AT_ONCE = 20;

/** One agent hello from `localAddress`; resolves with the code of the hub's last error (or 'welcome'). */
function signIn(url: string, token: string, localAddress = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress });
    let answer = 'closed without an answer';
    ws.once('open', () => ws.send(JSON.stringify({ v: 1, type: 'hello', role: 'agent', token, id: 'h' })));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; code?: string };
      answer = frame.type === 'welcome' ? 'welcome' : (frame.code ?? frame.type);
      if (frame.type === 'welcome') ws.close();
    });
    ws.once('close', () => resolve(answer));
    ws.once('error', reject);
  });
}

describe('an attacker guesses agent tokens', () => {
  it('gets a few guesses from one address, then rate_limited without the authenticator being asked; an agent elsewhere still signs in', async () => {
    const hub = await startHubProcess();
    const codes: string[] = [];
    const started = performance.now();
    for (let i = 0; i < GUESSES; i += AT_ONCE) {
      const batch = Array.from({ length: AT_ONCE }, (_, j) =>
        signIn(hub.wsUrl, `guess-${i + j}-${Math.random().toString(36).slice(2)}-token`),
      );
      codes.push(...(await Promise.all(batch)));
    }
    const seconds = (performance.now() - started) / 1000;
    const count = (code: string) => codes.filter((c) => c === code).length;
    const events = (event: string) => hub.logs.filter((l) => JSON.parse(l).event === event).length;

    expect(count('unauthorized') + count('rate_limited')).toBe(GUESSES);
    // The free failures (5 by default) and the odd one after a wait ran out; nothing more.
    expect(count('unauthorized')).toBeGreaterThanOrEqual(5);
    expect(count('unauthorized')).toBeLessThanOrEqual(10);
    // Every refusal was decided before the authenticator: it saw only the unauthorized ones.
    await until(
      () => events('agent.sign_in_throttled') === count('rate_limited'),
      () => `${events('agent.sign_in_throttled')} throttled sign-ins logged`,
    );
    expect(events('agent.sign_in_failed')).toBe(count('unauthorized'));

    // The right token from the guessing address waits too; from another address it signs in.
    expect(await signIn(hub.wsUrl, AGENTS.alice.token)).toBe('rate_limited');
    expect(await signIn(hub.wsUrl, AGENTS.alice.token, '127.0.0.2')).toBe('welcome');

    console.log(
      `guesses-agent-tokens: ${GUESSES} wrong tokens from one address in ${seconds.toFixed(1)} s, ` +
        `${AT_ONCE} at a time: ${count('unauthorized')} reached the authenticator (unauthorized), ` +
        `${count('rate_limited')} refused with rate_limited`,
    );
  });
});
