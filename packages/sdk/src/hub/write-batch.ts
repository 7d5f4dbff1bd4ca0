import type { Writable } from 'node:stream';

const held = new Set<Writable>();

function flush(): void {
  const streams = [...held];
  held.clear();
  for (const stream of streams) stream.uncork();
}

/**
 * Holds a socket's writes until the end of this turn of the event loop. The hub often sends one
 * client several frames for one frame it read (the ack, the shopper's own message from the feed,
 * the bot's answer), and `ws` writes each with a system call of its own. A held socket is corked
 * until the turn's I/O is handled, then uncorked by one `setImmediate` for every held socket: the
 * same bytes in the same order, in one write. A socket destroyed meanwhile is simply not written.
 * @example
 * holdWrites(tcpSocket); // before ws.send(frame), as often as you like within the turn
 */
export function holdWrites(stream: Writable): void {
  if (held.has(stream)) return;
  stream.cork();
  held.add(stream);
  if (held.size === 1) setImmediate(flush);
}
