import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { createUploadLimits, UPLOAD_LIMITS } from './upload-limits.ts';

describe('createUploadLimits', () => {
  it('holds an address to inFlightPerAddress uploads at once, and frees a place when one is done', () => {
    const limits = createUploadLimits(new ManualClock(0));
    const first = limits.admit('1.1.1.1', 'c_1');
    const second = limits.admit('1.1.1.1', 'c_2');
    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(limits.admit('1.1.1.1', 'c_3')).toEqual({ ok: false, retryAfterMs: 1000 });
    // Another address is not held back by this one.
    expect(limits.admit('2.2.2.2', 'c_4').ok).toBe(true);
    if (first.ok) {
      first.done();
      first.done(); // twice frees one place, not two
    }
    expect(limits.admit('1.1.1.1', 'c_3').ok).toBe(true);
    expect(limits.admit('1.1.1.1', 'c_3').ok).toBe(false);
  });

  it('refills a conversation’s photos one every 30 s after its burst', () => {
    const clock = new ManualClock(0);
    const limits = createUploadLimits(clock);
    const take = (address: string) => {
      const admitted = limits.admit(address, 'c_1');
      if (admitted.ok) admitted.done();
      return admitted;
    };
    for (let i = 0; i < UPLOAD_LIMITS.conversationBurst; i++) expect(take(`10.0.0.${i}`).ok).toBe(true);
    expect(take('10.0.1.1')).toEqual({ ok: false, retryAfterMs: 30_000 });
    clock.advance(30_000);
    expect(take('10.0.1.1').ok).toBe(true);
  });

  it('bounds an address over many conversations, so fresh conversations do not fill the disk', () => {
    const limits = createUploadLimits(new ManualClock(0));
    const take = (conversation: string) => {
      const admitted = limits.admit('1.1.1.1', conversation);
      if (admitted.ok) admitted.done();
      return admitted.ok;
    };
    let taken = 0;
    for (let i = 0; i < 100; i++) if (take(`c_${i}`)) taken++;
    expect(taken).toBe(UPLOAD_LIMITS.addressBurst);
  });
});
