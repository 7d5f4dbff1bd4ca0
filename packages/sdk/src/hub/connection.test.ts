import { ERROR_CODES } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { Connection, SHARE_FLOOR } from './connection.ts';
import { DEFAULT_LIMITS } from './hub-limits.ts';

/** A connection on a socket that holds `buffered` bytes after each send, with a backlog that counts its walks. */
function setUp(maxConnectionsPerIp: number, buffered: () => number) {
  const socket = {
    bufferedAmount: 0,
    closedWith: undefined as number | undefined,
    send() {
      this.bufferedAmount = buffered();
    },
    close(code: number) {
      this.closedWith = code;
    },
    terminate() {},
  };
  let walks = 0;
  const limits = { ...DEFAULT_LIMITS, maxConnectionsPerIp, maxBufferedBytesPerAddress: 8 * 1024 * 1024 };
  const conn = new Connection(
    socket as never,
    '127.0.0.1',
    undefined,
    undefined,
    limits,
    new ManualClock(0),
    () => {},
    undefined,
    {
      bytes: () => {
        walks++;
        return 9 * 1024 * 1024;
      },
    },
  );
  return { socket, conn, walks: () => walks };
}

describe('the per-address budget of unsent bytes', () => {
  it('does not walk the address for a frame sitting in the buffer, however many connections an address may have', () => {
    // 10,000 shoppers behind one address: the share alone would be 838 bytes, smaller than a frame.
    const { conn, socket, walks } = setUp(10_000, () => 2_000);
    for (let i = 0; i < 100; i++) conn.send({ v: 1, type: 'pong' } as never);
    expect(walks()).toBe(0);
    expect(socket.closedWith).toBeUndefined();
  });

  it('walks it once a connection holds more than the floor, and closes it as a slow consumer when the address is over', () => {
    const { conn, socket, walks } = setUp(10_000, () => SHARE_FLOOR + 1);
    conn.send({ v: 1, type: 'pong' } as never);
    expect(walks()).toBe(1);
    expect(socket.closedWith).toBe(ERROR_CODES.slow_consumer.close);
  });
});
