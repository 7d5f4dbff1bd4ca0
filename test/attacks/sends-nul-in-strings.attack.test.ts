import { describe, expect, it } from 'vitest';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 17: a NUL in the hello's locale reached PostgreSQL's text column, and every attempt
// cost an `internal` error and an error line in the log. Text the hub stores now refuses U+0000
// (and lone surrogates) at the protocol edge: `invalid_frame`, nothing logged as an error.

const hello = (extra: object) => ({
  v: 1,
  type: 'hello',
  role: 'shopper',
  siteKey: 'shop',
  deviceId: 'nul-sender',
  ...extra,
});

const errorLines = (logs: readonly string[]) =>
  logs.filter((line) => (JSON.parse(line) as { level?: string }).level === 'error');

describe('an attacker sends NUL in strings', () => {
  it('gets invalid_frame for a NUL in the locale on PostgreSQL, and the hub logs no error', async () => {
    const hub = await startHubProcess({ store: 'postgres' });
    for (let attempt = 0; attempt < 5; attempt++) {
      const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
      sock.send(hello({ id: `h${attempt}`, locale: 'zh\u0000CN' }));
      expect(await sock.next('error')).toMatchObject({ code: 'invalid_frame', re: `h${attempt}` });
      // An invalid hello ends the connection as the protocol says (4400, not to be retried).
      expect((await sock.waitClosed()).code).toBe(4400);
    }
    // The same shopper with a clean hello is served as ever.
    const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    sock.send(hello({ locale: 'zh-CN' }));
    await sock.next('welcome');
    console.log(`NUL in locale ×5 on PostgreSQL: ${errorLines(hub.logs).length} error lines logged`);
    expect(errorLines(hub.logs)).toEqual([]);
  });

  it('gets invalid_frame for NUL and lone surrogates in stored text, on a connection that stays usable', async () => {
    const hub = await startHubProcess({ store: 'postgres' });
    const sock = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    sock.send(hello({}));
    await sock.next('welcome');
    const attacks = [
      { v: 1, type: 'context', id: 'a1', page: { title: 'T\u0000', url: 'https://shop.example/' } },
      { v: 1, type: 'context', id: 'a2', page: { product: { id: 'p_1', title: 'tee\ud800' } } },
      { v: 1, type: 'send', id: 'a3', clientMsgId: 'm1', content: { kind: 'text', text: 'hi\u0000' } },
      { v: 1, type: 'send', id: 'a4', clientMsgId: 'm2', content: { kind: 'text', text: 'hi\udc00' } },
      { v: 1, type: 'csat', id: 'a5', rating: 3, comment: 'meh\u0000' },
    ];
    for (const frame of attacks) {
      const from = sock.frames.length;
      sock.send(frame);
      expect(await sock.next('error', from)).toMatchObject({ code: 'invalid_frame', re: frame.id });
    }
    const from = sock.frames.length;
    sock.send({ v: 1, type: 'send', clientMsgId: 'm3', content: { kind: 'text', text: 'still here 😀' } });
    expect(await sock.next('ack', from)).toMatchObject({ clientMsgId: 'm3', duplicate: false });
    expect(sock.closed).toBeUndefined();
    expect(errorLines(hub.logs)).toEqual([]);
  });
});
