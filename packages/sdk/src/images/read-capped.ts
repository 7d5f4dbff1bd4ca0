import type { Readable } from 'node:stream';
import { ImageRefusal } from './image-refusal.ts';

/**
 * Reads `stream` to its end into one buffer, refusing with `too_large` as soon as more than
 * `maxBytes` arrived: the chunk that passes the cap is the last one read, and the stream is left
 * paused, not destroyed, so an HTTP handler can still answer 413 before closing the connection.
 * A stream error rejects with that error.
 * @example
 * const bytes = await readCapped(request, 10 * 1024 * 1024);
 */
export function readCapped(stream: Readable, maxBytes: number): Promise<Buffer> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0)
    throw new RangeError(`readCapped: maxBytes must be a non-negative integer, got ${maxBytes}`);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // The error listener stays: a stream that fails after the cap (the client hangs up) must not
    // become an uncaught error; the promise is settled by then, so a late reject is a no-op.
    const stop = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.byteLength;
      if (size > maxBytes) {
        stop();
        stream.pause();
        reject(new ImageRefusal('too_large', `the file is larger than ${formatBytes(maxBytes)}`));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.on('error', onError);
  });
}

/** `10 MB`, `512 KB`, `300 bytes`: limits as people read them (powers of 1024). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
