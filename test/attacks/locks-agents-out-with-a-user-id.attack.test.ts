import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import {
  agentSignedIn,
  askForAPerson,
  identifiedShopper,
  MANUAL_ROUTING_OPTIONS,
  unreadable,
} from './agent-decoding.ts';
import { AGENTS, IDENTITY_SECRET, startHubProcess } from './hub-process.ts';

// Finding (qa-attack, 2026-12-05): the merchant signs the user id (`sub`) it has, and a shop that
// uses what the user chose (a user name) may hold a lone surrogate or a NUL: JSON carries both.
// The hub made the shopper's id `u:<sub>` of it, which no frame may carry: the shopper's own widget
// could not read its welcome, and every agent whose inbox listed that conversation got a welcome
// their client refused whole ("inbox.3.shopper.id: invalid value"), so the console never signed in
// again until the conversation left the queue. A store cannot keep either character anyway.

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An HS256 JWT signed by hand, as the merchant's server signs it. */
const jwt = (sub: string) => {
  const payload = {
    sub,
    aud: 'shop',
    exp: Math.floor(Date.now() / 1000) + 300,
    jti: `jti-${Math.random().toString(36).slice(2)}`,
  };
  const signed = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${signed}.${createHmac('sha256', IDENTITY_SECRET).update(signed).digest('base64url')}`;
};

describe('a logged-in shopper whose user id holds a lone surrogate or a NUL', () => {
  it.each([
    ['a lone surrogate', 'mallory\ud800'],
    ['a NUL', 'mallory\u0000'],
  ])('with %s is refused, and the agents still sign in', async (_, sub) => {
    const hub = await startHubProcess({ options: MANUAL_ROUTING_OPTIONS });
    const shopper = await identifiedShopper(hub.wsUrl, 'dev-1', jwt(sub));
    await until(() => shopper.frames.some((f) => f.type === 'welcome' || f.type === 'error'), 'an answer');
    // Were it let in, it would wait in the queue, in every agent's inbox.
    if (shopper.frames.some((f) => f.type === 'welcome')) await askForAPerson(shopper);

    const { welcome } = await agentSignedIn(hub.wsUrl, AGENTS.alice.token);
    expect(unreadable([welcome])).toEqual([]);
    expect(shopper.frames[0]).toMatchObject({ type: 'error', code: 'unauthorized' });
  });
});
