import { KefuError } from '@kefu/protocol';

/**
 * The store's schema was migrated by a newer Kefu than this one (code `conflict`): an upgrade
 * rolled back. This code must not write into tables it does not know, so it refuses to open.
 * @example
 * throw new SchemaTooNewError('kefu', 7, 6); // 'schema kefu is at version 7; this Kefu knows up to 6'
 */
export class SchemaTooNewError extends KefuError {
  readonly schema: string;
  readonly version: number;
  readonly known: number;
  constructor(schema: string, version: number, known: number) {
    super('conflict', `schema ${schema} is at version ${version}; this Kefu knows up to ${known}`);
    this.name = 'KefuError';
    this.schema = schema;
    this.version = version;
    this.known = known;
  }
}
