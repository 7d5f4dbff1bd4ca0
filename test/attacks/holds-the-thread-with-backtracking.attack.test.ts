import { describe, expect, it } from 'vitest';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (2026-12-04): the upload route names what a refused file looks like, and its SVG test
// read `(<!--[\s\S]*?-->\s*)*`, which can split a run of comments in 2^n ways. An anonymous
// visitor's 512-byte upload of `<!---->` repeated held the hub's only thread for ever (28 of them:
// 3.9 s on the demo; each one more doubles it), and every shopper and agent with it.

describe('an attacker holds the hub’s thread with a backtracking pattern', () => {
  it('gets 415 for 512 bytes of empty XML comments, and a bystander’s ping is answered after it', async () => {
    const hub = await startHubProcess({ plugins: { images: 'folder' } });
    const attacker = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    attacker.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'comment-sender-1' });
    const welcome = await attacker.next('welcome');
    const { conversation, session } = welcome as unknown as {
      conversation: { id: string };
      session: string;
    };
    const body = Buffer.from(`${'<!---->'.repeat(73)}x`);
    expect(body.byteLength).toBe(512);
    const answer = await fetch(`${hub.httpUrl}/api/v1/uploads?conversation=${conversation.id}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${session}`,
        origin: SHOP_ORIGIN,
        'content-type': 'application/octet-stream',
      },
      body,
    });
    expect(answer.status).toBe(415);
    expect(await answer.json()).toMatchObject({ error: { code: 'invalid_frame' } });

    const bystander = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    bystander.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'bystander-device-1' });
    await bystander.next('welcome');
    bystander.send({ v: 1, type: 'ping', id: 'p1' });
    expect(await bystander.next('pong')).toMatchObject({ re: 'p1' });
    const { maxLoopDelayMs } = await hub.stats();
    console.log(
      `512 bytes of <!----> uploaded: 415; hub max event-loop delay ${maxLoopDelayMs.toFixed(1)} ms`,
    );
    attacker.ws.close();
    bystander.ws.close();
  });
});
