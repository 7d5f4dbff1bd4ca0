import { describe, expect, it } from 'vitest';
import { answersNotice } from './notice-reply.ts';

describe('answersNotice', () => {
  it('is true for taps on a notice’s self-service and stop buttons, and only those', () => {
    const tap = (payload: string) => answersNotice({ kind: 'text', text: 'x', payload });
    expect(tap('kefu:action:requestReturn:SO-1')).toBe(true);
    expect(tap('kefu:action.confirm:requestReturn:SO-1')).toBe(true);
    expect(tap('kefu:action.cancel')).toBe(true);
    expect(tap('kefu:notify.stop')).toBe(true);
    expect(tap('kefu:notify.person')).toBe(false);
    expect(tap('faq:size')).toBe(false);
    expect(answersNotice({ kind: 'text', text: '我的快递到哪了' })).toBe(false);
  });
});
