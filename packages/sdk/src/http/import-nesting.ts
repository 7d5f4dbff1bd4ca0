import { Lexer } from 'yaml';
import type { KnowledgeBaseFormat } from '../faq/knowledge-editor.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';

/**
 * Whether a knowledge-base file nests lists and maps deeper than `MAX_JSON_DEPTH` (a real one
 * nests 4), checked before it is parsed: 800 KB of `[[[…` as YAML held the hub's event loop for
 * ~10 s, every chat on the node with it, before failing on the parser's stack. JSON is counted
 * as a JSON body is; YAML by the `yaml` lexer's own tokens (quoted text is one token, so a `]`
 * in a string cannot hide a level), and only when the file has that many brackets at all.
 * Block-style nesting costs indentation, so 1 MiB of it is ~1,400 levels and parses in ~50 ms.
 * @example
 * if (importNestsTooDeep(text, 'yaml')) refuse(400, 'nested too deep');
 */
export function importNestsTooDeep(text: string, format: KnowledgeBaseFormat): boolean {
  if (format === 'json') return nestsDeeperThan(text, MAX_JSON_DEPTH);
  if (format !== 'yaml') return false;
  let brackets = 0;
  for (let i = 0; i < text.length && brackets <= MAX_JSON_DEPTH; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) brackets++;
  }
  if (brackets <= MAX_JSON_DEPTH) return false;
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (token === ']' || token === '}') depth--;
  }
  return false;
}
