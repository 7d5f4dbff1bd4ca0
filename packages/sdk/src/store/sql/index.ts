export { MIGRATIONS, type Migration, type MigrationOutcome, migrate, SCHEMA_VERSION } from './migrations.ts';
export type { SqlClient, SqlQuery } from './sql-client.ts';
export { createSqlStore, type SqlStoreOptions } from './sql-store.ts';
