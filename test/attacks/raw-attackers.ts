import type { Socket } from 'node:net';
import { afterEach } from 'vitest';

/** Polls an async condition until it holds, for up to `limitMs` (progress, not a fixed wait). */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  limitMs: number,
): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`still waiting after ${limitMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The raw TCP sockets a test file's attackers open, destroyed after each test. Call once per file.
 * @example
 * const attackers = rawAttackers(); const socket = connect(port); attackers.push(socket);
 */
export function rawAttackers(): Socket[] {
  const attackers: Socket[] = [];
  afterEach(() => {
    for (const socket of attackers.splice(0)) socket.destroy();
  });
  return attackers;
}
