const MIN_TOKEN_CHARS = 20;
const MIN_TOKEN_DISTINCT = 10;
export const WEAK_AGENT_TOKEN = `must be at least ${MIN_TOKEN_CHARS} characters with ${MIN_TOKEN_DISTINCT} different ones (a random string, e.g. openssl rand -hex 16)`;

/** Agent tokens are guessed over the network: long, and not a short pattern repeated. */
export function strongAgentToken(token: unknown): boolean {
  return (
    typeof token === 'string' && token.length >= MIN_TOKEN_CHARS && new Set(token).size >= MIN_TOKEN_DISTINCT
  );
}
