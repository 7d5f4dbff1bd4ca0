import { KefuError } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { actionErrorText, hubRefusal } from './action-error.ts';
import { STRINGS } from './strings.ts';

describe('actionErrorText', () => {
  const full = new KefuError('conflict', 'you already have 5 conversations (your capacity)');

  it('says a refusal in Chinese in the Chinese console, not the hub’s English message', () => {
    const text = actionErrorText(full, STRINGS.zh);
    expect(text).toBe(STRINGS.zh.actionRefused.conflict);
    expect(text).not.toMatch(/[A-Za-z]/);
  });

  it('keeps the hub’s message in the English console', () => {
    expect(actionErrorText(full, STRINGS.en)).toBe('you already have 5 conversations (your capacity)');
  });

  it('shows any other error’s message', () => {
    expect(actionErrorText(new Error('socket closed'), STRINGS.zh)).toBe('socket closed');
    expect(actionErrorText('boom', STRINGS.zh)).toBe('boom');
  });
});

describe('hubRefusal', () => {
  it('reads the error code the hub put in its close reason', () => {
    const refusal = hubRefusal('rate_limited: too many sign-ins from this address; retry later');
    expect(refusal).toMatchObject({
      code: 'rate_limited',
      message: 'too many sign-ins from this address; retry later',
    });
    expect(actionErrorText(refusal, STRINGS.zh)).toBe(STRINGS.zh.actionRefused.rate_limited);
  });

  it('finds none in a lost connection: no reason, the client’s own, or a code the protocol does not have', () => {
    expect(hubRefusal(undefined)).toBeUndefined();
    expect(hubRefusal('')).toBeUndefined();
    expect(hubRefusal('no answer from the hub')).toBeUndefined();
    expect(hubRefusal('toString: inherited, not a code')).toBeUndefined();
  });

  it('finds none in a close that refuses nothing (the console said "refusing sign-ins" for them)', () => {
    expect(hubRefusal('bus_outage: this hub node lost its message bus; reconnect')).toBeUndefined();
    expect(hubRefusal('server_shutdown: the hub is restarting')).toBeUndefined();
    expect(hubRefusal('slow_consumer: too much unread')).toBeUndefined();
  });
});
