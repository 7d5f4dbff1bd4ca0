import type { z } from 'zod';
import { withinOneEdit } from '../faq/typo.ts';

/** What a schema node is made of, as zod v4 describes it (only the parts that lead to objects). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The keys an object at `path` of `schema` may hold (every object a union allows there). */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  const walk = (node: z.ZodType, rest: readonly PropertyKey[]): void => {
    const def = defOf(node);
    // A pipe (z.preprocess, a transform) checks its `out` after its `in`: either may be the object.
    if (def.type === 'pipe') for (const side of [def.in, def.out]) side && walk(side, rest);
    else if (def.innerType) walk(def.innerType, rest);
    else if (def.type === 'union') for (const option of def.options ?? []) walk(option, rest);
    else if (rest.length === 0) {
      if (def.type === 'object') for (const k of Object.keys(def.shape ?? {})) keys.add(k);
    } else {
      const [head, ...tail] = rest;
      if (def.type === 'object' && typeof head === 'string' && def.shape?.[head]) walk(def.shape[head], tail);
      else if (def.type === 'array' && def.element) walk(def.element, tail);
      else if (def.type === 'record' && def.valueType) walk(def.valueType, tail);
    }
  };
  walk(schema, path);
  return [...keys];
}

/**
 * The key a typo was meant to be (one edit away, or a plural), for "unknown key routingg (did you
 * mean routing?)".
 * @example
 * meantKey('routingg', ['listen', 'routing']); // 'routing'
 */
export function meantKey(unknown: string, known: readonly string[]): string | undefined {
  const lower = unknown.toLowerCase();
  return known.find((k) => withinOneEdit(lower, k.toLowerCase()) || lower === `${k.toLowerCase()}s`);
}
