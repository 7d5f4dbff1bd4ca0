import { DECODE_QUEUE_DEFAULTS } from '../images/decode-queue.ts';
import type { HubImageOptions } from '../images/image-library.ts';
import { IMAGE_INTAKE_DEFAULTS } from '../images/process-image.ts';
import { checkUpTo } from './duration-bounds.ts';
import { MAX_TIMER_MS } from './hub-limits.ts';

/**
 * The hub's `images` option checked and with its defaults; undefined when photos are off. `fail`
 * throws createHub's error, so a bad image option reads like every other bad option.
 */
export function resolveImageOptions(
  images: HubImageOptions | undefined,
  fail: (message: string) => never,
): (Omit<Required<HubImageOptions>, 'secret'> & { secret?: string }) | undefined {
  if (images === undefined) return undefined;
  const { blobStore } = images;
  if (typeof blobStore?.put !== 'function' || typeof blobStore.get !== 'function')
    fail(
      'images.blobStore must be a BlobStore (createLocalFolderBlobStore, createSqlBlobStore, createS3BlobStore)',
    );
  const resolved = {
    blobStore,
    maxBytes: images.maxBytes ?? IMAGE_INTAKE_DEFAULTS.maxBytes,
    maxPixels: images.maxPixels ?? IMAGE_INTAKE_DEFAULTS.maxPixels,
    urlTtlMs: images.urlTtlMs ?? 3600 * 1000,
    consoleOrigins: images.consoleOrigins ?? [],
    maxConcurrentDecodes: images.maxConcurrentDecodes ?? DECODE_QUEUE_DEFAULTS.concurrency,
    maxWaitingDecodes: images.maxWaitingDecodes ?? DECODE_QUEUE_DEFAULTS.maxWaiting,
    decodeWaitMs: images.decodeWaitMs ?? DECODE_QUEUE_DEFAULTS.maxWaitMs,
  };
  for (const key of ['maxBytes', 'maxPixels', 'urlTtlMs', 'maxConcurrentDecodes', 'decodeWaitMs'] as const)
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] <= 0)
      fail(`images.${key} must be a positive integer`);
  // A photo waits for a decode on a plain timer.
  checkUpTo('images.decodeWaitMs', resolved.decodeWaitMs, MAX_TIMER_MS, 'ms');
  if (!Number.isSafeInteger(resolved.maxWaitingDecodes) || resolved.maxWaitingDecodes < 0)
    fail('images.maxWaitingDecodes must be an integer of at least 0');
  if (
    !Array.isArray(resolved.consoleOrigins) ||
    resolved.consoleOrigins.some((origin) => typeof origin !== 'string' || origin === '')
  )
    fail('images.consoleOrigins must list the agent consoles’ page origins, e.g. ["https://desk.example"]');
  if (images.secret !== undefined && (typeof images.secret !== 'string' || images.secret.length < 16))
    fail('images.secret must be a string of at least 16 characters');
  return images.secret === undefined ? resolved : { ...resolved, secret: images.secret };
}
