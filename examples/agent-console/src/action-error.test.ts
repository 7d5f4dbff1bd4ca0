import { KefuError } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { actionErrorText } from './action-error.ts';
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
