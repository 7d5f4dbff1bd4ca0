import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

  it('throws a TypeError naming the secret when it is unset, empty or short, instead of verifying with it', () => {
    // A receiver whose KEFU_WEBHOOK_SECRET is empty would otherwise accept bodies anyone signs with
    // the empty key; an unset one threw node:crypto's TypeError about a "key" argument.
    const forged = signWebhook('', t, body);
    for (const bad of [undefined, '', 'short'])
      expect(() => verifyWebhook(bad as unknown as string, forged, body, { now: t })).toThrow(
        /verifyWebhook: secret must be .* at least 16 characters \(is it set\?\)/,
      );
    // Even before the header is looked at, so the first request shows the misconfiguration.
    expect(() => verifyWebhook('', undefined, body)).toThrow(TypeError);
  });

  it('throws a TypeError for a now in milliseconds or an option it does not read, instead of refusing every delivery', () => {
    // A receiver passing { now: Date.now() } called every delivery too_old, and one passing
    // { toleranceSeconds: 3600 } kept 300 s, both without a word (a merchant QA pass).
    const header = signWebhook(secret, t, body);
    expect(() => verifyWebhook(secret, header, body, { now: t * 1000 })).toThrow(
      /verifyWebhook: now is in seconds since 1970 \(Date.now\(\) \/ 1000\)/,
    );
    expect(() =>
      verifyWebhook(secret, header, body, { toleranceSeconds: 3600 } as unknown as { toleranceSec: number }),
    ).toThrow('verifyWebhook: toleranceSeconds is not an option (toleranceSec, now)');
    expect(() => verifyWebhook(secret, header, body, { toleranceSec: -1 })).toThrow(TypeError);
    expect(verifyWebhook(secret, header, body, { now: t, toleranceSec: 0 })).toEqual({
      ok: true,
      timestamp: t,
    });
  });

  it('accepts a header with several v1 values when one matches (secret rotation)', () => {
    const good = signWebhook(secret, t, body).split(',')[1]!;
    expect(verifyWebhook(secret, `t=${t},v1=${'a'.repeat(64)},${good}`, body, { now: t }).ok).toBe(true);
  });

  it('agrees with the plain node:crypto snippet of docs/webhooks.md, which returns false on a forged header instead of throwing', () => {
    // The documented receiver code, as written there (its import line aside).
    const docs = readFileSync(new URL('../../../../docs/webhooks.md', import.meta.url), 'utf8');
    const snippet = /```js\nimport \{ createHmac, timingSafeEqual \} from 'node:crypto';\n([\s\S]*?)```/.exec(
      docs,
    )?.[1];
    expect(snippet).toBeDefined();
    type Verify = (secret: string, header: unknown, rawBody: string, toleranceSec?: number) => boolean;
    const verify = new Function('createHmac', 'timingSafeEqual', `${snippet}\nreturn verify;`)(
      createHmac,
      timingSafeEqual,
    ) as Verify;
    const header = signWebhook(secret, t, body);
    // The snippet reads the clock: an unbounded tolerance takes it out of the test.
    expect(verify(secret, header, body, Number.POSITIVE_INFINITY)).toBe(true);
    expect(verify(secret, header, `${body} `, Number.POSITIVE_INFINITY)).toBe(false);
    for (const forged of [undefined, '', 'garbage', `t=${t},v1=ab`, `t=${t}`, `v1=${'a'.repeat(64)}`])
      expect(verify(secret, forged, body, Number.POSITIVE_INFINITY)).toBe(false);
  });
});
