import { Lexer } from 'yaml';
import type { KnowledgeBaseFormat } from '../faq/knowledge-editor.ts';
import { jsonShapeProblem, MAX_JSON_DEPTH } from '../json-shape.ts';

/**
 * Whether a knowledge-base file nests lists and maps deeper than `MAX_JSON_DEPTH` (a real one
 * nests 4), checked before it is parsed: 800 KB of `[[[…` as YAML held the hub's event loop for
 * ~10 s, every chat on the node with it, before failing on the parser's stack. JSON is counted
 * as a JSON body is; YAML by the `yaml` lexer's own tokens (quoted text is one token, so a `]`
 * in a string cannot hide a level), and only when the file has that many brackets at all.
 * Block collections nest by indentation or, on one line, by indicators (`- - - x`, `? ? x`: two
 * bytes a level, so 1 MiB was 500,000 levels and ~2.5 s): a line whose indentation and indicators
 * add up past twice the limit is refused (a real entry's deepest line has about ten).
 * @example
 * if (importNestsTooDeep(text, 'yaml')) refuse(400, 'nested too deep');
 */
export function importNestsTooDeep(text: string, format: KnowledgeBaseFormat): boolean {
  if (format === 'json') return jsonShapeProblem(text, { maxDepth: MAX_JSON_DEPTH }) === 'depth';
  if (format !== 'yaml') return false;
  return flowNestsTooDeep(text) || blockNestsTooDeep(text);
}

function flowNestsTooDeep(text: string): boolean {
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

/** Indentation plus block indicators on one line that a knowledge base never comes near. */
const MAX_BLOCK_LINE = 2 * MAX_JSON_DEPTH;
const BLOCK_INDICATORS = new Set(['-', '?', ':']);

function blockNestsTooDeep(text: string): boolean {
  // Counted on the characters first (a `-` inside text counts too), so most files are not lexed.
  let line = 0;
  let indenting = true;
  let over = false;
  for (let i = 0; i < text.length && !over; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line = 0;
      indenting = true;
    } else if (c === 0x20 && indenting) line++;
    else {
      indenting = false;
      if (c === 0x2d || c === 0x3f || c === 0x3a) over = ++line > MAX_BLOCK_LINE;
    }
  }
  if (!over) return false;
  line = 0;
  let first = true;
  // Inside `[ ]` and `{ }` a `:` is a flow map's (JSON sent as YAML has one per field), counted above.
  let flow = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow--;
    if (token === '\n' || token === '\r\n') {
      line = 0;
      first = true;
      continue;
    }
    if (first && /^ +$/.test(token)) line = token.length;
    else if (flow <= 0 && BLOCK_INDICATORS.has(token) && ++line > MAX_BLOCK_LINE) return true;
    first = false;
  }
  return false;
}
