export { MIGRATIONS, type Migration, migrate, SCHEMA_VERSION } from './migrations.ts';
export type { SqlClient, SqlQuery } from './sql-client.ts';
export { createSqlStore, type SqlStoreOptions } from './sql-store.ts';
