const MIN_TOKEN_CHARS = 20;
/** Bits of the token's own character mix (Shannon entropy of its letters × its length). */
const MIN_TOKEN_BITS = 48;
export const WEAK_AGENT_TOKEN = `must be at least ${MIN_TOKEN_CHARS} characters of a random string, not a word or a pattern repeated (e.g. openssl rand -hex 16)`;

/**
 * Agent tokens are guessed over the network: long, varied, and not a short pattern repeated. Judged by the
 * variety of the token's letters, not a count of different ones: a count refused 1 in 10,000 of the tokens
 * `openssl rand -hex 16` prints (32 hex digits, 9 different); none of those falls under 90 bits here.
 */
export function strongAgentToken(token: unknown): boolean {
  return (
    typeof token === 'string' &&
    token.length >= MIN_TOKEN_CHARS &&
    letterBits(token) >= MIN_TOKEN_BITS &&
    !repeatsAPattern(token)
  );
}

function letterBits(token: string): number {
  const letters = [...token];
  const counts = new Map<string, number>();
  for (const c of letters) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= n * Math.log2(n / letters.length);
  return bits;
}

/** `changeme-changeme-changeme`: the token is a shorter piece written out at least twice. */
function repeatsAPattern(token: string): boolean {
  for (let period = 1; period <= token.length / 2; period++) {
    let i = period;
    while (i < token.length && token[i] === token[i - period]) i++;
    if (i === token.length) return true;
  }
  return false;
}
