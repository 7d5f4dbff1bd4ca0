import { KefuError } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { actionErrorText, hubRefusal } from './action-error.ts';
import { STRINGS } from './strings.ts';

describe('actionErrorText', () => {
  const full = new KefuError('conflict', 'you already have 5 conversations (your capacity)');

  it('says a refusal in Chinese in the Chinese console, not the hub’s English message', () => {
    const taken = new KefuError('conflict', 'c_1 was taken by someone else');
    const text = actionErrorText(taken, STRINGS.zh);
    expect(text).toBe(STRINGS.zh.actionRefused.conflict);
    expect(text).not.toMatch(/[A-Za-z]/);
  });

  // QA (agent console): "full" and "taken" are both `conflict`, and the Chinese console said
  // "taken by someone else, or the status changed, or you are full" to an agent who was only full.
  it('tells an agent at capacity that they are full, not that the conversation was taken', () => {
    expect(actionErrorText(full, STRINGS.zh)).toBe('您已在接待 5 个会话，已达接待上限：结束一个后再接入');
    expect(actionErrorText(full, STRINGS.en)).toBe(
      'You already have 5 conversations (your capacity): close one to take another',
    );
    const colleague = new KefuError('conflict', 'Lei Zhang already has 3 conversations (their capacity)');
    expect(actionErrorText(colleague, STRINGS.zh)).toBe('Lei Zhang 已在接待 3 个会话，已达接待上限');
  });

  // QA (2026-12-07): a transfer to a colleague who signed out while the dialog was open said
  // "Failed: agent lei is not online" (English, the hub's id), and in Chinese the generic conflict,
  // "会话已被他人接入或状态已变化": the agent read that the conversation had been taken.
  it('tells an agent that the colleague chosen is away or signed out, by name, and what to do', () => {
    const gone = new KefuError('conflict', '李雷 Lei (agent lei) is not online');
    expect(actionErrorText(gone, STRINGS.zh)).toBe('李雷 Lei 已暂离或已退出：请选择一位在线的同事');
    expect(actionErrorText(gone, STRINGS.en)).toBe(
      '李雷 Lei is away or signed out: choose a colleague who is online',
    );
  });

  // The hub keeps at most 100 notes a conversation (2026-12-07): read as the generic conflict, the
  // agent was told the conversation had been taken.
  it('tells an agent that the conversation holds as many notes as it keeps', () => {
    const full = new KefuError('conflict', 'conversation c_1 already holds 100 notes, the most one keeps');
    expect(actionErrorText(full, STRINGS.zh)).toBe('本会话已有 100 条备注，已达上限：请写在回复或工单里');
    expect(actionErrorText(full, STRINGS.en)).toBe(
      'This conversation already holds 100 notes, the most it keeps: write it in a reply or the ticket',
    );
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
