import { KefuError } from '@kefu/protocol';

/**
 * The store's schema records its migrations as applied but lacks tables they create (code
 * `conflict`): a database restored in part, or a table dropped by hand. Migrating again cannot
 * help (its record says there is nothing to do), and a hub on it would fail on every use of the
 * table, so the store refuses to open.
 * @example
 * throw new SchemaIncompleteError('kefu', ['api_keys']); // 'schema kefu has no table api_keys, though …'
 */
export class SchemaIncompleteError extends KefuError {
  readonly schema: string;
  readonly missing: readonly string[];
  constructor(schema: string, missing: readonly string[]) {
    const tables = missing.length === 1 ? `table ${missing[0]}` : `tables ${missing.join(', ')}`;
    super('conflict', `schema ${schema} has no ${tables}, though its kefu_migrations says they were created`);
    this.name = 'KefuError';
    this.schema = schema;
    this.missing = missing;
  }
}
