import { describe, expect, it } from 'vitest';
import { consoleDrafts } from './console-drafts.ts';

describe('consoleDrafts', () => {
  it('sends a reply again under the same id while its text is unchanged, and a new one after it went out', () => {
    const d = consoleDrafts();
    const first = d.replyId('c1', 'hello');
    expect(d.replyId('c1', 'hello')).toBe(first);
    expect(d.replyId('c2', 'hello')).not.toBe(first);
    const edited = d.replyId('c1', 'hello!');
    expect(edited).not.toBe(first);
    d.sent('c1', undefined, '');
    expect(d.replyId('c1', 'hello!')).not.toBe(edited);
  });

  it('clears the draft and its suggestion when sent, unless the agent changed them meanwhile', () => {
    const d = consoleDrafts();
    d.setDraft('c1', 'Ships in 2 days');
    d.suggested('c1', { kind: 'kb', id: 'shipping' });
    const suggestion = d.suggestions.value.c1;
    d.hold('c1', 'Ships in 2 days', []);
    d.sent('c1', suggestion, 'Ships in 2 days');
    expect(d.drafts.value.c1).toBe('');
    expect(d.suggestions.value.c1).toBeUndefined();
    expect(d.held.value.c1).toBeUndefined();
    // Typed while the reply was on its way: the next reply, kept.
    d.setDraft('c1', 'first');
    d.sent('c1', undefined, 'first, then more');
    expect(d.drafts.value.c1).toBe('first');
  });

  it('forgets the suggestion when the agent empties the draft', () => {
    const d = consoleDrafts();
    d.suggested('c1', { kind: 'canned', id: 'greet' });
    d.setDraft('c1', '  ');
    expect(d.suggestions.value.c1).toBeUndefined();
  });
});
