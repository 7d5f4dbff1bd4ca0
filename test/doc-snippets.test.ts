// Merchants copy the TypeScript blocks of the docs as they are: each one is type-checked here
// against the packages' public entry points (`@kefu/sdk`, `@kefu/sdk/images`, `@kefu/protocol`,
// `@kefu/widget` …, resolved through their `exports` with the `source` condition, as the repo's
// tsconfig does), so a renamed option or method fails this test instead of a merchant's build.
//
// Rules a block is checked by:
// - A block with imports of its own is complete: it must import every Kefu name it uses.
// - A block without imports continues its page: it sees the package imports of the blocks above it.
// - Values the merchant owns (`hub`, `sites`, `req`, `res`, `file` …) are declared in PREAMBLE below
//   with their real types; a block's own declarations shadow them.
// - A block deliberately partial (pseudo-code, a shape with untyped fields) opts out with
//   `<!-- snippet: skip (reason) -->` on the line before its fence.
// - `<!-- snippet: beside <folder> -->` before a block checks it as a module in that folder of the
//   repo, so its relative imports (`./vision-recognizer.ts`) are the example files they name.
// - A `return` at the top of a block is allowed: such blocks show the body of the merchant's handler.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkKnowledgeBase } from '../packages/sdk/src/faq/check-knowledge-base.ts';
import { parseKnowledgeBase } from '../packages/sdk/src/faq/knowledge-base.ts';
import { parseKnowledgeBaseCsv } from '../packages/sdk/src/faq/knowledge-base-csv.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Markdown files whose TypeScript blocks merchants copy. */
function docFiles(): string[] {
  const md = (dir: string) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(dir, f));
  const packages = readdirSync(join(ROOT, 'packages')).map((p) => join('packages', p, 'README.md'));
  return ['README.md', ...md('docs'), ...packages.filter((f) => existsSync(join(ROOT, f)))];
}

interface Snippet {
  /** e.g. `docs/photos.md:32`, the line of the opening fence. */
  where: string;
  doc: string;
  /** 1-based line of the block's first line of code in the Markdown file. */
  firstLine: number;
  code: string;
  skip: string | null;
  /** The repo folder the block is checked in (`beside` marker), else the shop example's. */
  beside: string | null;
}

const FENCE = /^(\s*)```(ts|typescript)\s*$/;
const SKIP = /^<!--\s*snippet:\s*skip\s*\((.+)\)\s*-->$/;
const BESIDE = /^<!--\s*snippet:\s*beside\s+(\S+)\s*-->$/;

function extractSnippets(doc: string): Snippet[] {
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1]?.length ?? 0;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end] ?? '')) end++;
    const code = lines
      .slice(i + 1, end)
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join('\n');
    const marker = (lines[i - 1] ?? '').trim();
    const skip = SKIP.exec(marker)?.[1]?.trim() ?? null;
    const beside = BESIDE.exec(marker)?.[1] ?? null;
    snippets.push({ where: `${doc}:${i + 1}`, doc, firstLine: i + 2, code, skip, beside });
    i = end;
  }
  return snippets;
}

// The merchant's own values, as the docs name them. Types only from the public entry points.
const PREAMBLE = `
declare const hub: import('@kefu/sdk').Hub;
declare const options: import('@kefu/sdk').HubOptions;
declare const sites: import('@kefu/sdk').SiteConfig[];
declare const agents: import('@kefu/sdk').AgentConfig[];
declare const MEI_TOKEN: string;
declare const LEI_TOKEN: string;
declare const engine: import('@kefu/sdk').FaqEngine;
declare const user: { id: string; name: string };
declare const url: string;
declare const secret: string;
declare const clock: import('@kefu/sdk').Clock;
declare function render(message: unknown): void;
declare function showQueue(position: number | undefined): void;
declare function showTaken(message: string): void;
declare function showTryAgain(): void;
declare const agent: import('@kefu/sdk/agent').AgentClient;
declare const supervisor: import('@kefu/sdk/agent').AgentClient;
declare const file: Blob;
declare const waitingId: string;
declare const conversationId: string;
declare const seq: number;
declare const imageId: string;
declare const variant: import('@kefu/sdk/images').ImageVariant;
declare const maxAgeSeconds: number;
declare const paidAt: number;
declare const packedAt: number;
declare const collectedAt: number;
declare const request: import('node:http').IncomingMessage;
declare const req: import('node:http').IncomingMessage;
declare const res: import('node:http').ServerResponse;
declare const session: { conversationId: string };
declare const blobs: import('@kefu/sdk/images').BlobStore;
declare function refuse(code: string, message: string): void;
declare function reply(status: number, body: string): void;
declare const myRecognizer: import('@kefu/sdk/images').ClassifyImagePlugin;
declare const pool: import('pg').Pool;
declare const db: Parameters<typeof import('@kefu/sdk/pglite').pgliteClient>[0];
declare function retryAt(at: number | undefined): void;
declare const KEFU: string;
declare const myShop: { returns: { create(orderId: string, options: { signal: AbortSignal }): Promise<{ id: string }> } };
declare const body: Buffer;
declare const text: string;
declare const socket: { send(data: string): void };
declare function handle(frame: unknown): void;

// Web frameworks the HTTP docs mount the hub in, not dependencies of this repo: the few members the
// docs use, typed as the frameworks type them (Node's own request and response underneath).
declare module 'express' {
  type Handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: (error?: unknown) => void) => void;
  interface Express { use(handler: Handler): void; listen(port: number): import('node:http').Server }
  interface ExpressStatic { (): Express; json(): Handler }
  const express: ExpressStatic;
  export default express;
}
declare module 'fastify' {
  interface FastifyRequest { url: string; raw: import('node:http').IncomingMessage }
  interface FastifyReply { raw: import('node:http').ServerResponse; hijack(): void }
  interface FastifyInstance {
    addHook(name: 'onRequest', hook: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): void;
    listen(options: { port: number; host?: string }): Promise<string>;
    server: import('node:http').Server;
  }
  export default function Fastify(): FastifyInstance;
}
declare module 'hono' {
  interface Context { text(text: string): Response }
  export class Hono {
    get(path: string, handler: (c: Context) => Response | Promise<Response>): this;
    fetch: (request: Request) => Response | Promise<Response>;
  }
}
declare module '@hono/node-server' {
  export function getRequestListener(
    fetch: (request: Request) => Response | Promise<Response>,
  ): (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>;
}
`;

// Inside a package that depends on the three published packages, so `@kefu/*` resolves through
// node_modules and each package's `exports`, exactly as in a merchant's project.
const VIRTUAL_DIR = join(ROOT, 'examples', 'shop', '.doc-snippets');
const PREAMBLE_FILE = join(VIRTUAL_DIR, 'preamble.d.ts');

// TS1108: a `return` outside a function: allowed at a block's top (it shows a handler's body).
const IGNORED_CODES = new Set([1108]);

interface Checked {
  snippet: Snippet;
  file: string;
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = join(ROOT, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configFile);
  return { ...parsed.options, noEmit: true, skipLibCheck: true };
}

/** Names a block declares at its top level (a local `const hub` shadows an inherited import). */
function declaredNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) collectBindingNames(d.name, names);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement)) &&
      statement.name
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

function collectBindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else
    for (const element of name.elements)
      if (!ts.isOmittedExpression(element)) collectBindingNames(element.name, into);
}

/** The package imports of a block (`import { a, type B } from '@kefu/sdk'`), one entry per name. */
function packageImports(source: ts.SourceFile): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const from = statement.moduleSpecifier.text;
    if (from.startsWith('.')) continue;
    const clause = statement.importClause;
    if (!clause) continue;
    const typeOnly = clause.isTypeOnly ? 'type ' : '';
    if (clause.name)
      found.push({ name: clause.name.text, text: `import ${typeOnly}${clause.name.text} from '${from}';` });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings))
      found.push({
        name: bindings.name.text,
        text: `import ${typeOnly}* as ${bindings.name.text} from '${from}';`,
      });
    else if (bindings)
      for (const e of bindings.elements) {
        const spec = `${e.isTypeOnly ? 'type ' : ''}${e.propertyName ? `${e.propertyName.text} as ` : ''}${e.name.text}`;
        found.push({ name: e.name.text, text: `import ${typeOnly}{ ${spec} } from '${from}';` });
      }
  }
  return found;
}

/** Builds each block's module: its code, then (below it, so lines stay those of the Markdown) what it inherits. */
function modules(snippets: Snippet[]): { files: Map<string, string>; checked: Checked[] } {
  const files = new Map<string, string>([[PREAMBLE_FILE, PREAMBLE]]);
  const checked: Checked[] = [];
  const pageImports = new Map<string, { name: string; text: string }[]>();
  for (const [index, snippet] of snippets.entries()) {
    const name = `.doc-snippet-${String(index).padStart(3, '0')}-${snippet.where.replace(/[/:.]/g, '_')}.ts`;
    const file = snippet.beside ? join(ROOT, snippet.beside, name) : join(VIRTUAL_DIR, name);
    const source = ts.createSourceFile(file, snippet.code, ts.ScriptTarget.ES2022, true);
    const own = packageImports(source);
    const above = pageImports.get(snippet.doc) ?? [];
    pageImports.set(snippet.doc, [...above, ...own]);
    if (snippet.skip !== null) continue;
    const hasImports = source.statements.some(ts.isImportDeclaration);
    const declared = declaredNames(source);
    const seen = new Set<string>();
    const inherited = hasImports
      ? []
      : above
          .filter((i) => !declared.has(i.name) && !seen.has(i.name) && seen.add(i.name))
          .map((i) => i.text);
    files.set(file, `${snippet.code}\n${inherited.join('\n')}\nexport {};\n`);
    checked.push({ snippet, file });
  }
  return { files, checked };
}

function createProgram(files: Map<string, string>): ts.Program {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, languageVersion, onError, shouldCreate) => {
    const text = files.get(f);
    return text === undefined
      ? getSourceFile.call(host, f, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(f, text, languageVersion, true);
  };
  return ts.createProgram({ rootNames: [...files.keys()], options, host });
}

/** The compiler's messages for one block, each as `file.md:line: message`. */
function problems(program: ts.Program, { snippet, file }: Checked): string[] {
  const source = program.getSourceFile(file);
  if (!source) return [`${snippet.where}: not in the program`];
  const codeLines = snippet.code.split('\n').length;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
    .filter((d) => !IGNORED_CODES.has(d.code))
    .map((d) => {
      const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
      // A message on an inherited import (below the block) is the block's: name its first line.
      const at = snippet.firstLine + (line < codeLines ? line : 0);
      return `${snippet.doc}:${at}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

const snippets = docFiles().flatMap(extractSnippets);
const { files, checked } = modules(snippets);
// A block that must fail: proves the checker resolves the packages (an unresolved one would be `any`).
const CANARY = join(VIRTUAL_DIR, 'canary.ts');
files.set(
  CANARY,
  `import { createHub } from '@kefu/sdk';\nimport { createShopperClient } from '@kefu/sdk/client';\n` +
    `createHub({ sites: [], notAnOption: 1 });\ncreateShopperClient({ url: 'ws://x', siteKey: 'a' }).notAMethod();\n`,
);
let program: ts.Program | undefined;
const programOnce = () => {
  program ??= createProgram(files);
  return program;
};

describe('TypeScript blocks of the docs', () => {
  it('finds the blocks, and each opt-out gives its reason', () => {
    expect(snippets.length).toBeGreaterThan(40);
    for (const s of snippets) if (s.skip !== null) expect(s.skip, s.where).not.toBe('');
  });

  it('catches a block that drifts from the public API', () => {
    const source = programOnce().getSourceFile(CANARY);
    if (!source) throw new Error('canary not in the program');
    const codes = programOnce()
      .getSemanticDiagnostics(source)
      .map((d) => d.code);
    // 2353: unknown property in an object literal; 2339: no such property.
    expect(codes).toEqual(expect.arrayContaining([2353, 2339]));
  });

  it.each(checked.map((c) => [c.snippet.where, c] as const))('%s type-checks', (_, block) => {
    const found = problems(programOnce(), block);
    // The compiler's words, at the Markdown's file and line: what a merchant pasting the block would see.
    if (found.length > 0)
      throw new Error(`a block of ${block.snippet.doc} does not compile:\n${found.join('\n')}`);
  });
});

/** The body of the first block fenced as `lang` after `marker` in the README. */
function readmeBlock(marker: string, lang: string): string {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const fence = `\`\`\`${lang}\n`;
  const from = text.indexOf(fence, text.indexOf(marker));
  return text.slice(from + fence.length, text.indexOf('\n```', from + 1));
}

describe('the README’s knowledge-base examples', () => {
  // Copied beside an English entry, the example's English phrasing ("How soon do you ship?" on a
  // Chinese entry) never reached its entry: an English shopper is offered English entries first,
  // and got "Did you mean: How do I return an item?" for the very words the example lists.
  it('parse, and each phrasing reaches its own entry beside an entry in the other language', () => {
    const english = {
      id: 'returns',
      question: 'How do I return an item?',
      answer: 'Within 7 days of delivery, from your orders page.',
    };
    const json = JSON.parse(readmeBlock('**JSON and YAML**', 'json')) as { entries: object[] };
    const csv = readmeBlock('**CSV** (RFC 4180', 'csv');
    for (const kb of [
      parseKnowledgeBase({ entries: [...json.entries, english] }),
      parseKnowledgeBaseCsv(`${csv}\n${english.id},${english.question},"${english.answer}",,\n`),
    ]) {
      const unreachable = checkKnowledgeBase(kb).findings.filter((f) => f.kind === 'unreachable');
      expect(unreachable.map((f) => f.message)).toEqual([]);
    }
  });
});
