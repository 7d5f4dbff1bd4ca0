import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { holdWrites } from './write-batch.ts';

/** A stream that records each write the way a socket makes it: one entry per system call. */
function recordingStream() {
  const calls: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      calls.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      calls.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      done();
    },
  });
  return { stream, calls };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('holdWrites', () => {
  it('sends what was written in one turn of the event loop in one write, in order', async () => {
    const { stream, calls } = recordingStream();
    holdWrites(stream);
    stream.write('ack');
    await Promise.resolve();
    holdWrites(stream);
    stream.write('message');
    stream.write('answer');
    expect(calls).toEqual([]);
    await nextTurn();
    expect(calls).toEqual([['ack', 'message', 'answer']]);
  });

  it('holds each stream apart, and a later turn again', async () => {
    const a = recordingStream();
    const b = recordingStream();
    holdWrites(a.stream);
    holdWrites(b.stream);
    a.stream.write('a1');
    b.stream.write('b1');
    await nextTurn();
    holdWrites(a.stream);
    a.stream.write('a2');
    await nextTurn();
    expect(a.calls).toEqual([['a1'], ['a2']]);
    expect(b.calls).toEqual([['b1']]);
  });

  it('leaves a stream destroyed meanwhile unwritten', async () => {
    const { stream, calls } = recordingStream();
    holdWrites(stream);
    stream.write('lost');
    stream.destroy();
    await nextTurn();
    expect(calls).toEqual([]);
  });
});
