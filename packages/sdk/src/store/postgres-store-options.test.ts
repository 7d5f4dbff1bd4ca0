import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStoreOptions } from './postgres-store.ts';

// No PostgreSQL needed: the options are checked before any connection is made.
describe('createPostgresStore’s connection options', () => {
  it('says which URL it needs, as README writes it with process.env.DATABASE_URL unset', async () => {
    await expect(
      createPostgresStore({ connectionString: process.env.KEFU_TEST_UNSET_DATABASE_URL as string }),
    ).rejects.toThrow(
      'createPostgresStore: connectionString must be a PostgreSQL URL such as postgres://kefu@db.internal:5432/kefu (got undefined: is DATABASE_URL set?), or pass a pg.Pool as pool',
    );
    await expect(createPostgresStore({ connectionString: ' ' })).rejects.toThrow('(got an empty string');
  });

  it('refuses a pool that is not one, and a pool beside a connection string', async () => {
    await expect(createPostgresStore({ pool: undefined } as unknown as PostgresStoreOptions)).rejects.toThrow(
      'createPostgresStore: pool must be a pg.Pool (got undefined)',
    );
    // Never connects: the pool is refused before it is used.
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    try {
      await expect(
        createPostgresStore({
          pool,
          connectionString: 'postgres://x@y/z',
        } as unknown as PostgresStoreOptions),
      ).rejects.toThrow('createPostgresStore: give a connectionString or a pool, not both');
    } finally {
      await pool.end();
    }
  });

  it('refuses a scheme pg would ignore (postgress://x tried the host x), naming the ones it takes', async () => {
    for (const [url, scheme] of <const>[
      ['postgress://kefu:secret@db/kefu', 'postgress://'],
      ['mysql://db/kefu', 'mysql://'],
      ['http://db:5432/kefu', 'http://'],
    ])
      await expect(createPostgresStore({ connectionString: url })).rejects.toThrow(
        `createPostgresStore: connectionString must start with postgres:// or postgresql:// (got ${scheme})`,
      );
    // The password never reaches the message.
    await expect(
      createPostgresStore({ connectionString: 'postgress://kefu:secret@db/kefu' }),
    ).rejects.not.toThrow(/secret/);
  });
});
