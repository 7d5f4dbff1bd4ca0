import { ERROR_CODE_LIST } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { guardHubFrame, MAX_HUB_FRAME_CHARS } from './hub-frame-guard.ts';

// The agreement with the zod schemas over every protocol vector is tested where it is rendered:
// packages/widget/src/app/hub-frame-agreement.test.tsx. These are the guard's own edges.

const text = (content: object, seq = 1) =>
  JSON.stringify({
    v: 1,
    type: 'message',
    message: { seq, id: `m_${seq}`, conversationId: 'c_1', author: { kind: 'bot' }, createdAt: 0, content },
  });

const refused = (raw: string) => {
  const result = guardHubFrame(raw);
  if (result.ok) throw new Error(`accepted ${raw.slice(0, 80)}`);
  return result;
};

describe('guardHubFrame', () => {
  it.each([
    ['empty', ''],
    ['not JSON', '{"v":1,'],
    ['a JSON array', '[{"v":1,"type":"pong"}]'],
    ['JSON null', 'null'],
    ['deeply nested arrays', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['deeply nested objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['a type from Object.prototype', '{"v":1,"type":"toString"}'],
    ['__proto__ as the type', '{"v":1,"type":"__proto__"}'],
    ['constructor as the type', '{"v":1,"type":"constructor"}'],
    ['a type that is not a string', '{"v":1,"type":{"toString":1}}'],
    ['a message whose content is a string', text('hello' as unknown as object)],
    ['a message whose content is null', text(null as unknown as object)],
    ['quick replies that are not an array', text({ kind: 'quick_replies', replies: 'abc' })],
    ['quick replies holding null', text({ kind: 'quick_replies', replies: [null] })],
  ])('refuses %s with a typed code, without throwing', (_name, raw) => {
    const result = refused(raw);
    expect(ERROR_CODE_LIST).toContain(result.code);
    expect(result.message).toEqual(expect.any(String));
  });

  it('refuses a frame longer than a full history page could be, before parsing it', () => {
    const raw = `{"v":1,"type":"pong","pad":"${'a'.repeat(MAX_HUB_FRAME_CHARS)}"}`;
    expect(refused(raw).code).toBe('frame_too_large');
    expect(guardHubFrame(`{"v":1,"type":"pong","pad":"${'a'.repeat(1000)}"}`).ok).toBe(true);
  });

  it('tells an unknown version from a missing one, as the zod decoder does', () => {
    expect(refused('{"v":2,"type":"pong"}').code).toBe('unsupported_version');
    expect(refused('{"type":"pong"}').code).toBe('invalid_frame');
  });

  it('reads a content kind it does not know as its text, or as empty text', () => {
    const withText = guardHubFrame(text({ kind: 'video', text: 'a clip', url: 'https://x.example/a.mp4' }));
    const without = guardHubFrame(text({ kind: 'poll', options: [1, 2] }));
    if (!withText.ok || withText.frame.type !== 'message' || !without.ok || without.frame.type !== 'message')
      throw new Error('refused');
    expect(withText.frame.message.content).toMatchObject({ kind: 'text', text: 'a clip' });
    expect(without.frame.message.content).toMatchObject({ kind: 'text', text: '' });
  });

  it('takes an image only with URLs a browser may open: hub paths and http(s)', () => {
    const image = (url: string, thumbnailUrl = '/images/c_1/i_1/thumb?t=a.b') =>
      text({
        kind: 'image',
        id: 'i_1',
        mediaType: 'image/jpeg',
        width: 4,
        height: 3,
        size: 9,
        url,
        thumbnailUrl,
      });
    expect(guardHubFrame(image('/images/c_1/i_1/full?t=a.b')).ok).toBe(true);
    expect(guardHubFrame(image('https://hub.example/images/c_1/i_1/full?t=a.b')).ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,x',
      '//evil.example/x',
      'x',
    ])
      expect(refused(image(bad)).code, bad).toBe('invalid_frame');
    expect(refused(image('/images/c_1/i_1/full?t=a.b', 'javascript:alert(1)')).code).toBe('invalid_frame');
  });

  it('refuses quick replies the hub would refuse when they are tapped and sent back', () => {
    const reply = (label: string, payload: string) =>
      text({ kind: 'quick_replies', replies: [{ label, payload }] });
    expect(guardHubFrame(reply('Track', 'track')).ok).toBe(true);
    expect(guardHubFrame(reply('😀'.repeat(40), 'p'.repeat(256))).ok).toBe(true);
    expect(refused(reply('Track', 'a\u0000b')).code).toBe('invalid_frame');
    expect(refused(reply('\ud800', 'track')).code).toBe('invalid_frame');
    expect(refused(reply('Track', 'p'.repeat(257))).code).toBe('invalid_frame');
    expect(refused(reply('', 'track')).code).toBe('invalid_frame');
  });

  it('refuses a welcome whose heartbeat would make the client ping in a loop', () => {
    const welcome = (heartbeatMs: unknown) =>
      JSON.stringify({
        v: 1,
        type: 'welcome',
        conversation: { id: 'c_1', state: { status: 'bot' } },
        shopper: { id: 's_1', identified: false },
        session: 'sess',
        heartbeatMs,
        agentReadSeq: 0,
      });
    expect(guardHubFrame(welcome(25_000)).ok).toBe(true);
    for (const bad of [0, 999, 1000.5, '25000', null]) expect(guardHubFrame(welcome(bad)).ok).toBe(false);
  });
});
