import { describe, expect, it } from 'vitest';
import { HISTORY_PAGE_SECONDS, ShopperLimits } from './shopper-limits.ts';

const options = {
  maxConnectionsPerShopper: 2,
  conversationMessagesPerSecond: 1,
  conversationMessageBurst: 3,
  newConversationsPerAddressPerMinute: 2,
  historyBytesPerSecond: 1_000,
  historyBytesBurst: 3_000,
};

function limitsAt(start = 1_000) {
  const clock = { t: start, now: () => clock.t };
  return { clock, limits: new ShopperLimits(options, clock) };
}

describe('ShopperLimits', () => {
  it('admits a shopper up to the most connections, then refuses without counting the refusal', () => {
    const { limits } = limitsAt();
    expect(limits.connect('shop', 'd:1')).toBe(true);
    expect(limits.connect('shop', 'd:1')).toBe(true);
    expect(limits.connect('shop', 'd:1')).toBe(false);
    expect(limits.connect('shop', 'd:1')).toBe(false);
    limits.disconnect('shop', 'd:1');
    expect(limits.connect('shop', 'd:1')).toBe(true);
  });

  it('counts each shopper on each site apart', () => {
    const { limits } = limitsAt();
    for (const [site, shopper] of [
      ['shop', 'd:1'],
      ['shop', 'd:2'],
      ['other', 'd:1'],
    ] as const) {
      expect(limits.connect(site, shopper)).toBe(true);
      expect(limits.connect(site, shopper)).toBe(true);
    }
    expect(limits.connect('shop', 'd:1')).toBe(false);
  });

  it('forgets a shopper whose connections all closed', () => {
    const { limits } = limitsAt();
    limits.connect('shop', 'd:1');
    limits.connect('shop', 'd:1');
    limits.disconnect('shop', 'd:1');
    limits.disconnect('shop', 'd:1');
    expect(limits.shoppers).toBe(0);
  });

  it('gives each conversation a burst of messages, then refills it at the set rate', () => {
    const { clock, limits } = limitsAt();
    const admitted = () => Array.from({ length: 5 }, () => limits.admitMessage('c_1')).filter(Boolean).length;
    expect(admitted()).toBe(3);
    clock.t += 2_000;
    expect(admitted()).toBe(2);
    expect(limits.admitMessage('c_2')).toBe(true);
  });

  it('opens a few new conversations per address a minute, refilling over the minute, each address on its own', () => {
    const { clock, limits } = limitsAt();
    expect([1, 2, 3].map(() => limits.admitNewConversation('10.0.0.1'))).toEqual([true, true, false]);
    expect(limits.admitNewConversation('10.0.0.2')).toBe(true);
    clock.t += 30_000;
    expect(limits.admitNewConversation('10.0.0.1')).toBe(true);
    expect(limits.admitNewConversation('10.0.0.1')).toBe(false);
  });

  it('sends history pages until their bytes spend the burst, then one as the debt is paid off, each conversation on its own', () => {
    const { clock, limits } = limitsAt();
    // A page over the whole burst is still sent once (its size is known only when read) …
    expect(limits.admitHistory('c_1')).toBe(true);
    limits.chargeHistory('c_1', 5_000);
    // … and the conversation then waits its bytes out: 2,000 in debt at 1,000 a second.
    expect(limits.admitHistory('c_1')).toBe(false);
    expect(limits.admitHistory('c_2')).toBe(true);
    clock.t += 2_000;
    expect(limits.admitHistory('c_1')).toBe(false);
    clock.t += 1_000;
    expect(limits.admitHistory('c_1')).toBe(true);
  });

  it('charges a history request the least a page costs when admitted, so empty pages cannot be asked for at the frame rate', () => {
    const { clock, limits } = limitsAt();
    const floor = options.historyBytesPerSecond * HISTORY_PAGE_SECONDS;
    const pages = Math.floor(options.historyBytesBurst / floor);
    // Requests sent together each see the others' charge, before any page is read.
    for (let i = 0; i < pages; i++) expect(limits.admitHistoryPage('c_1')).toBe(true);
    expect(limits.admitHistoryPage('c_1')).toBe(false);
    expect(limits.admitHistoryPage('c_2')).toBe(true);
    clock.t += HISTORY_PAGE_SECONDS * 1000;
    expect(limits.admitHistoryPage('c_1')).toBe(true);
    // A page bigger than the least is charged the rest once its size is known.
    limits.chargeHistoryPage('c_1', floor + 2 * options.historyBytesPerSecond);
    clock.t += HISTORY_PAGE_SECONDS * 1000;
    expect(limits.admitHistoryPage('c_1')).toBe(false);
    clock.t += 2_000;
    expect(limits.admitHistoryPage('c_1')).toBe(true);
  });
});
