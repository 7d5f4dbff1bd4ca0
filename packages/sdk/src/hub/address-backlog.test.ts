import { describe, expect, it } from 'vitest';
import { createAddressBacklog } from './address-backlog.ts';

const conn = (ip: string, buffered: number, closed = false) => ({ ip, buffered, closed });

describe('address backlog', () => {
  it('adds up what the open connections of one address hold unsent, and nothing of another address', () => {
    const backlog = createAddressBacklog();
    const a = conn('203.0.113.7', 100);
    backlog.add(a);
    backlog.add(conn('203.0.113.7', 50));
    backlog.add(conn('203.0.113.7', 1_000, true));
    backlog.add(conn('198.51.100.1', 9_999));
    expect(backlog.bytes('203.0.113.7')).toBe(150);
    backlog.remove(a);
    expect(backlog.bytes('203.0.113.7')).toBe(50);
    expect(backlog.bytes('192.0.2.1')).toBe(0);
  });
});
