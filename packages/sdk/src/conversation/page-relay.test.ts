import type { PageContext } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { PAGE_WINDOW_MS, PageRelay } from './page-relay.ts';

const page = (n: number): PageContext => ({ url: `https://shop.example/p/${n}` });

function relay() {
  const clock = new ManualClock(1_000_000);
  const written: string[] = [];
  const errors: unknown[] = [];
  const r = new PageRelay(clock, (e) => errors.push(e));
  const offer = (n: number, conversation = 'c1') =>
    r.offer(conversation, page(n), async (p) => {
      written.push(`${conversation} ${p.url}`);
    });
  return { clock, written, errors, relay: r, offer };
}

describe('PageRelay', () => {
  it('writes the first page at once and the latest of a window when it ends, the ones between never', async () => {
    const { clock, written, offer } = relay();
    await offer(1);
    for (let n = 2; n <= 50; n++) await offer(n);
    expect(written).toEqual(['c1 https://shop.example/p/1']);
    clock.advance(PAGE_WINDOW_MS - 1);
    expect(written).toHaveLength(1);
    clock.advance(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(written).toEqual(['c1 https://shop.example/p/1', 'c1 https://shop.example/p/50']);
  });

  it('writes at once again once a window has passed, and keeps conversations apart', async () => {
    const { clock, written, offer } = relay();
    await offer(1);
    await offer(1, 'c2');
    clock.advance(PAGE_WINDOW_MS);
    await offer(2);
    expect(written).toEqual([
      'c1 https://shop.example/p/1',
      'c2 https://shop.example/p/1',
      'c1 https://shop.example/p/2',
    ]);
  });

  it('never lands a page before an earlier one still being written', async () => {
    const clock = new ManualClock(0);
    const r = new PageRelay(clock, () => {});
    const landed: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = r.offer('c1', page(1), async (p) => {
      await slow;
      landed.push(p.url!);
    });
    await r.offer('c1', page(2), async (p) => {
      landed.push(p.url!);
    });
    clock.advance(PAGE_WINDOW_MS);
    await Promise.resolve();
    expect(landed).toEqual([]);
    release();
    await first;
    await r.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(landed).toEqual(['https://shop.example/p/1', 'https://shop.example/p/2']);
  });

  it('writes what waits when flushed (a closing hub), and reports a failed late write', async () => {
    const clock = new ManualClock(0);
    const errors: unknown[] = [];
    const r = new PageRelay(clock, (e) => errors.push(e));
    const written: string[] = [];
    await r.offer('c1', page(1), async (p) => {
      written.push(p.url!);
    });
    await r.offer('c1', page(2), async (p) => {
      written.push(p.url!);
    });
    await r.flush();
    expect(written).toEqual(['https://shop.example/p/1', 'https://shop.example/p/2']);
    expect(clock.pending).toBe(0);
    clock.advance(PAGE_WINDOW_MS);
    await r.offer('c1', page(3), async () => {});
    await r.offer('c1', page(4), async () => {
      throw new Error('store away');
    });
    clock.advance(PAGE_WINDOW_MS);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveLength(1);
  });
});
