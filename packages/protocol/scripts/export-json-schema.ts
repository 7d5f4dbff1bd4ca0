/**
 * Writes `schema/*.schema.json`: JSON Schema (draft 2020-12) for the hello frame and for each
 * direction's union, so integrators in other languages can validate frames without zod.
 * Run: `pnpm --filter @kefu/protocol schema` (or `npx tsx --conditions=source scripts/export-json-schema.ts`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as z from 'zod/mini';
import {
  AgentToHub,
  Hello,
  HubToAgent,
  HubToShopper,
  InboxUpdate,
  PROTOCOL_VERSION,
  ShopperToHub,
} from '../src/index.ts';

const SCHEMAS = {
  hello: {
    schema: Hello,
    title: 'Hello',
    about: 'The first frame on any connection, from a shopper or an agent.',
  },
  'shopper-to-hub': { schema: ShopperToHub, title: 'ShopperToHub', about: 'Every frame a shopper may send.' },
  'hub-to-shopper': {
    schema: HubToShopper,
    title: 'HubToShopper',
    about: 'Every frame the hub sends a shopper.',
  },
  'agent-to-hub': { schema: AgentToHub, title: 'AgentToHub', about: 'Every frame an agent may send.' },
  'hub-to-agent': { schema: HubToAgent, title: 'HubToAgent', about: 'Every frame the hub sends an agent.' },
} as const;

export const SCHEMA_DIR = new URL('../schema/', import.meta.url);

/** The file name and content of every schema file, computed from the zod schemas. */
export function buildJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(SCHEMAS).map(([name, { schema, title, about }]) => {
      // io 'input' describes what a decoder accepts: unknown properties are allowed (the hub
      // ignores them), where the default 'output' would forbid them with additionalProperties: false.
      const { $schema, ...rest } = z.toJSONSchema(schema, {
        io: 'input',
        // A zod refinement has no JSON Schema of its own: say what it checks.
        override: ({ zodSchema, jsonSchema }) => {
          if (zodSchema === InboxUpdate)
            jsonSchema.oneOf = [{ required: ['item'] }, { required: ['removed'] }];
        },
      });
      const description = `Kefu protocol v${PROTOCOL_VERSION}. ${about} Generated from @kefu/protocol by scripts/export-json-schema.ts; do not edit. String lengths count Unicode code points. Also enforce limits.maxFrameBytes (UTF-8 bytes of the whole frame), which JSON Schema cannot express.`;
      return [`${name}.schema.json`, { $schema, title, description, ...rest }];
    }),
  );
}

/** Serialises one schema the way the committed files are written. */
export function formatJsonSchema(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function main(): void {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [file, schema] of Object.entries(buildJsonSchemas())) {
    writeFileSync(new URL(file, SCHEMA_DIR), formatJsonSchema(schema));
    console.log(`wrote schema/${file}`);
  }
}

// Only when run as a script: the test imports buildJsonSchemas without writing files.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
