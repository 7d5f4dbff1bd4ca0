import * as z from 'zod/mini';
const S = z.object({ a: z.string() });
export function mount(s: unknown) { return z.safeParse(S, s); }
