import * as z from 'zod/mini';
const S = z.discriminatedUnion('type', [z.object({ type: z.literal('a'), a: z.optional(z.string().check(z.maxLength(3), z.regex(/x/))), n: z.int().check(z.gte(1)), e: z.enum(['x','y']), b: z.boolean(), f: z.number(), arr: z.array(z.string()) }), z.object({ type: z.literal('b') })]);
export function mount(s: unknown) { return z.safeParse(S, s); }
