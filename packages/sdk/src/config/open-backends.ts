import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { BlobStore } from '../blobs/blob-store.ts';
import { createLocalFolderBlobStore } from '../blobs/local-folder-blob-store.ts';
import type { Bus } from '../bus/bus.ts';
import { withoutPassword } from '../bus/bus-connection-error.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { SqlStoreOptions } from '../store/sql/sql-store.ts';
import type { Store } from '../store/store.ts';
import { StoreConnectionError } from '../store/store-connection-error.ts';
import type { KefuConfig } from './config-schema.ts';
import { KefuConfigError } from './load-config.ts';
import { oncePerOutage } from './once-per-outage.ts';

// What a config's URLs open: the store, the bus and the photos' blob store, each through its driver
// (an optional peer dependency whose absence is a config error naming the package to install).

/** Which store a config's `store` names; an unknown URL is a config error naming the key. */
export function storeKind(spec: KefuConfig['store']): 'memory' | 'postgres' | 'pglite' {
  const url = typeof spec === 'string' ? spec : spec.url;
  if (url === 'memory' || url === 'memory:') return 'memory';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  // Anything else is a PGlite folder, but not what looks like a URL (`postgres:/db/kefu`, one slash
  // short) or a driver's name alone: read as a folder, it ran the hub on an embedded database there.
  // One letter before the colon is a Windows drive (`C:\data`).
  const folder = pgliteFolder(url);
  if (/^[a-z][a-z0-9+.-]+:/i.test(folder) || /^postgres(ql)?$/i.test(folder))
    throw new KefuConfigError('config', [
      {
        path: 'store',
        message: `unknown store "${shown(url)}": use memory, pglite:<folder>, postgres://… or postgresql://…`,
      },
    ]);
  return 'pglite';
}

/**
 * A URL Kefu refuses, for a message that goes to logs and CI output: without its password, also
 * in a form `URL` cannot parse (`postgres:kefu:pw@db`, a slash short).
 */
const shown = (url: string) => withoutPassword(url).replace(/:[^:@/]*@/, '@');

const postgresStoreAdapter = () => optionalPeer('store', 'pg', () => import('../store/postgres-store.ts'));
const pgliteStoreAdapter = () =>
  optionalPeer('store', '@electric-sql/pglite', () => import('../store/pglite-store.ts'));
export const redisBusAdapter = () => optionalPeer('bus', 'ioredis', () => import('../bus/redis-bus.ts'));

/** Loads the adapter of a store kind (throws the config error naming its missing driver). */
export async function storeAdapter(kind: ReturnType<typeof storeKind>): Promise<void> {
  if (kind === 'postgres') await postgresStoreAdapter();
  else if (kind === 'pglite') await pgliteStoreAdapter();
}

const pgliteFolder = (url: string) => (url.startsWith('pglite:') ? url.slice('pglite:'.length) : url);

/**
 * Opens the store a URL names: `memory`, `postgres://…`, `pglite:<folder>` (or a bare folder path).
 * A PostgreSQL connection lost while idle (a failover, a restart) is logged, once per cause and
 * outage; the pool opens another.
 */
export async function openStore(
  spec: KefuConfig['store'],
  baseDir: string,
  logger?: Logger,
  onMigrated?: SqlStoreOptions['onMigrated'],
): Promise<Store> {
  const { url, schema, poolSize, queryTimeoutMs } = typeof spec === 'string' ? { url: spec } : spec;
  const sql = { ...(schema && { schema }), ...(onMigrated && { onMigrated }) };
  const kind = storeKind(spec);
  if (kind === 'memory') return createMemoryStore();
  if (kind === 'postgres') {
    const { createPostgresStore } = await postgresStoreAdapter();
    try {
      return await createPostgresStore({
        connectionString: url,
        ...(poolSize && { max: poolSize }),
        ...(queryTimeoutMs && { queryTimeoutMs }),
        ...sql,
        // Once per cause and outage: a failover fails every idle pooled connection at once.
        onPoolError: oncePerOutage((error) =>
          logger?.log('warn', 'store.connection_error', { error: error.message }),
        ),
      });
    } catch (error) {
      // "cannot connect to 127.0.0.1:5999" alone does not say whether the store or the bus failed.
      if (StoreConnectionError.isUnreachable(error))
        throw new StoreConnectionError(withoutPassword(url), error);
      throw error;
    }
  }
  const { createPgliteStore } = await pgliteStoreAdapter();
  // `pglite:` alone keeps the database in memory (it is gone when the hub stops). In a thread of
  // its own, PGlite's statements run beside the hub instead of stalling it.
  const folder = pgliteFolder(url);
  return createPgliteStore({ ...(folder && { dataDir: resolve(baseDir, folder) }), ...sql, thread: true });
}

/** Photos' blob store: a folder (relative to the config file) or S3 (needs @aws-sdk/client-s3). */
export async function openBlobStore(
  spec: NonNullable<KefuConfig['images']>['store'],
  baseDir: string,
): Promise<BlobStore> {
  if ('folder' in spec) {
    const dir = resolve(baseDir, spec.folder);
    // A folder under a file, a read-only disk: the key to fix, not BlobStoreError's stack trace.
    return createLocalFolderBlobStore({ dir }).catch((error: unknown) => {
      const cause = (error as { cause?: { code?: unknown } }).cause;
      const code = typeof cause?.code === 'string' ? cause.code : undefined;
      const why = code ? ` (${code}: ${(cause as Error).message.replace(/^\w+: |, \w+ .*$/g, '')})` : '';
      throw new KefuConfigError('config', [
        {
          path: 'images.store.folder',
          message: `cannot create ${dir}${why}; name a folder the hub may write to (relative to the config file)`,
        },
      ]);
    });
  }
  const { createS3BlobStore } = await optionalPeer(
    'images',
    '@aws-sdk/client-s3',
    () => import('../blobs/s3-blob-store.ts'),
  );
  return createS3BlobStore(spec.s3);
}

/** Which bus a config's `bus` names; an unknown URL is a config error naming the key. */
export function busKind(spec: KefuConfig['bus']): 'memory' | 'redis' {
  const url = typeof spec === 'string' ? spec : spec.url;
  if (url === 'memory' || url === 'memory:') return 'memory';
  if (/^rediss?:\/\//.test(url)) return 'redis';
  throw new KefuConfigError('config', [
    { path: 'bus', message: `unknown bus "${shown(url)}": use memory or redis://…` },
  ]);
}

/**
 * Opens the bus a URL names: `memory` (the hub's own, one node) or `redis://…`. A Redis bus is
 * returned once connected; a failed first connection rejects with its BusConnectionError. Later
 * errors, while ioredis reconnects, are logged (`bus.connection_error`).
 */
export async function openBus(spec: KefuConfig['bus'], logger?: Logger): Promise<Bus | undefined> {
  if (busKind(spec) === 'memory') return undefined;
  const { url, prefix } = typeof spec === 'string' ? { url: spec, prefix: undefined } : spec;
  const { createRedisBus } = await redisBusAdapter();
  // Named in CLIENT LIST (`kefu-<host>-<pid>:pub` and `:sub`): on call finds one node's connections.
  const name = `kefu-${hostname().replace(/\s+/g, '_')}-${process.pid}`;
  const bus = createRedisBus({ url, name, ...(prefix && { prefix }), logger: logger ?? silentLogger });
  await bus.ready();
  return bus;
}

/** Loads an adapter whose driver is an optional peer dependency, saying which package to install. */
async function optionalPeer<T>(
  key: 'store' | 'bus' | 'images',
  peer: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(peer))
      throw new KefuConfigError('config', [
        { path: key, message: `this ${key} needs the ${peer} package: npm install ${peer}` },
      ]);
    throw error;
  }
}
