import { PROTOCOL_VERSION } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { rawSocket, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub | undefined;
let close: (() => void) | undefined;
afterEach(async () => {
  close?.();
  await hub?.close();
});

describe('frames on the wire', () => {
  it('sends every frame of a message round trip as a text message, each one JSON text', async () => {
    const started = await startHub({
      answer: async (q) => ({ content: [{ kind: 'text', text: `答：${q.text}` }], confidence: 1 }),
    });
    hub = started.hub;
    const raw = await rawSocket(`${started.url}?site=shop`);
    close = () => raw.ws.close();
    // A browser's WebSocket hands a binary message over as a Blob, which no client parses.
    const binary: boolean[] = [];
    raw.ws.on('message', (_data, isBinary) => binary.push(isBinary));
    raw.send({ v: PROTOCOL_VERSION, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'device-t' });
    await raw.next('welcome');
    raw.send({
      v: PROTOCOL_VERSION,
      type: 'send',
      id: 's',
      clientMsgId: 'c1',
      content: { kind: 'text', text: '退货 "quoted"' },
    });
    const answered = () => raw.frames.find((f) => f.type === 'message' && JSON.stringify(f).includes('答：'));
    await until(() => answered() !== undefined, "the bot's answer");
    expect(raw.frames.find((f) => f.type === 'ack')).toMatchObject({ re: 's', clientMsgId: 'c1' });
    expect(answered()).toMatchObject({ message: { content: { kind: 'text', text: '答：退货 "quoted"' } } });
    expect(binary.length).toBeGreaterThanOrEqual(4);
    expect(binary.every((b) => !b)).toBe(true);
  });
});
