import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signature.ts';

const secret = 'whsec_test_secret_0123456789';
const body = '{"id":"evt_1","type":"ticket.created","createdAt":1767225600000,"data":{"title":"退货"}}';
const t = 1_767_225_600;

describe('webhook signatures', () => {
  it('verifies what it signed, from a string or the raw bytes', () => {
    const header = signWebhook(secret, t, body);
    expect(header).toMatch(/^t=1767225600,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, header, body, { now: t })).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhook(secret, header, Buffer.from(body), { now: t + 299 })).toEqual({
      ok: true,
      timestamp: t,
    });
  });

  it('refuses another secret, a changed body, an old timestamp and a malformed header', () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhook('whsec_other_secret_012345', header, body, { now: t })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyWebhook(secret, header, body.replace('退货', '换货'), { now: t }).ok).toBe(false);
    expect(verifyWebhook(secret, header, body, { now: t + 301 })).toEqual({ ok: false, reason: 'too_old' });
    expect(verifyWebhook(secret, header, body, { now: t + 1000, toleranceSec: 2000 }).ok).toBe(true);
    // The timestamp is signed too: moving it forward to dodge the tolerance breaks the signature.
    const moved = header.replace(`t=${t}`, `t=${t + 1000}`);
    expect(verifyWebhook(secret, moved, body, { now: t + 1000 })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    for (const bad of [undefined, ['a', 'b'], '', 'v1=abc', `t=${t}`, `t=x,v1=${'0'.repeat(64)}`])
      expect(verifyWebhook(secret, bad, body, { now: t })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts a header with several v1 values when one matches (secret rotation)', () => {
    const good = signWebhook(secret, t, body).split(',')[1]!;
    expect(verifyWebhook(secret, `t=${t},v1=${'a'.repeat(64)},${good}`, body, { now: t }).ok).toBe(true);
  });

  it('matches the plain node:crypto snippet in docs/webhooks.md', () => {
    const header = signWebhook(secret, t, body);
    // The documented receiver code, as written there.
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
    const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
    const ok =
      Math.abs(t - Number(parts.t)) <= 300 &&
      timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(parts.v1 ?? '', 'hex'));
    expect(ok).toBe(true);
  });
});
