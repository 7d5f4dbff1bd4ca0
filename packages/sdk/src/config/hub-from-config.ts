import { dirname, resolve } from 'node:path';
import { createFaqBot } from '../faq/faq-bot.ts';
import { createFaqEngine, type FaqEngine, reloadInTurns } from '../faq/faq-engine.ts';
import { type KnowledgeBase, KnowledgeBaseError, knowledgeBaseIssueText } from '../faq/knowledge-base.ts';
import { knowledgeBaseFileWriter, readKnowledgeBaseFile } from '../faq/knowledge-base-file.ts';
import type { KnowledgeBaseOptions } from '../faq/knowledge-editor.ts';
import { watchKnowledgeBase } from '../faq/watch-knowledge-base.ts';
import { createHub, type Hub } from '../hub/create-hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import { HubOptionsError } from '../hub/hub-options-error.ts';
import { resolveCheckedHubOptions } from '../hub/unknown-options.ts';
import { createJsonLogger, type Logger } from '../logger.ts';
import type { AnswerPlugin } from '../seams/plugins.ts';
import { scriptOfText } from '../text/chinese-script.ts';
import { detectLocale } from '../understand/detect-locale.ts';
import { checkWebhookUrl, resolveHost, WebhookUrlError } from '../webhooks/url-guard.ts';
import { type KefuConfig, KefuConfigSchema } from './config-schema.ts';
import { inDocumentOrder } from './issue-order.ts';
import { chooseKnowledgeBase } from './knowledge-base-language.ts';
import {
  KefuConfigError,
  type KefuConfigIssue,
  type LoadedConfig,
  loadConfig,
  namingConfigFile,
} from './load-config.ts';
import {
  busKind,
  openBlobStore,
  openBus,
  openStore,
  redisBusAdapter,
  storeAdapter,
  storeKind,
} from './open-backends.ts';

/** A hub built from a config, with what it opened (store, bus, watchers) closed by its `close`. */
export interface ConfiguredHub {
  hub: Hub;
  config: KefuConfig;
  /** Listens where `listen` in the config says (default 127.0.0.1:8080). */
  listen(): Promise<{ port: number; url: string }>;
  /** Closes the hub, then the store, bus and knowledge-base watchers the config opened. */
  close(): Promise<void>;
  /** What `close` is waiting for now (see `Hub.closing`); undefined unless closing. */
  closing(): string | undefined;
}

export interface HubFromConfigOptions {
  /** Options the config cannot hold (plug-ins: `lookupOrder`, your own `answer` …); they win over the config's. */
  extra?: Partial<HubOptions>;
  logger?: Logger;
}

/**
 * Builds a hub from a config file (or an already loaded config): the store and bus from their
 * URLs, the FAQ bot from the knowledge-base files (reloaded when they change), and everything
 * else as written.
 * @example
 * const { hub, listen } = await createHubFromConfig('kefu.config.yaml', { extra: { lookupOrder } });
 * await listen();
 */
export async function createHubFromConfig(
  source: string | LoadedConfig,
  options: HubFromConfigOptions = {},
): Promise<ConfiguredHub> {
  const { config, baseDir, file, variables } = typeof source === 'string' ? await loadConfig(source) : source;
  const logger = options.logger ?? createJsonLogger({ level: config.log?.level ?? 'info' });
  const closers: Array<() => Promise<void> | void> = [];
  let closingBackends = false;
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const store = await openStore(config.store, baseDir, logger);
    closers.push(() => store.close());
    const bus = await openBus(config.bus, logger);
    if (bus) closers.push(() => bus.close());
    const blobStore = config.images ? await openBlobStore(config.images.store, baseDir) : undefined;
    if (blobStore) closers.push(() => blobStore.close());
    const asWritten = config.convertScript === false ? { convertScript: false } : {};
    const canned = config.canned ?? [];
    const bot = config.knowledgeBase
      ? await knowledgeBot(config, baseDir, logger, (stop) => closers.push(stop))
      : undefined;
    const hub = createHub({
      ...hubOptions(config),
      store,
      ...(bus && { bus }),
      ...(bot && { answer: bot.answer }),
      ...((bot || canned.length > 0) && {
        assist: { ...(bot && { knowledgeBase: bot.assist }), ...asWritten, ...(canned.length && { canned }) },
      }),
      ...(bot?.editor && { knowledgeBase: bot.editor }),
      ...(config.images && blobStore && { images: { ...imageLimits(config.images), blobStore } }),
      logger,
      ...options.extra,
      // Canned replies given in code (`extra.assist`) join the config's knowledge base (its own
      // `knowledgeBase` wins) and canned replies, and follow the config's switch too, unless it says otherwise.
      ...(options.extra?.assist && {
        assist: {
          ...(bot && { knowledgeBase: bot.assist }),
          ...asWritten,
          ...options.extra.assist,
          canned: [...canned, ...(options.extra.assist.canned ?? [])],
        },
      }),
    });
    return {
      hub,
      config,
      listen: () =>
        hub.listen({ port: config.listen?.port ?? 8080, host: config.listen?.host ?? '127.0.0.1' }),
      async close() {
        await hub.close();
        closingBackends = true;
        await closeAll();
        closingBackends = false;
      },
      closing: () => hub.closing() ?? (closingBackends ? 'store, bus and watchers' : undefined),
    };
  } catch (error) {
    await closeAll();
    throw namingConfigFile(error, file, variables);
  }
}

/**
 * What `kefu config check` adds to the schema: the store and bus URLs are ones Kefu knows, and
 * every knowledge-base file exists and loads. Throws a {@link KefuConfigError} naming the file,
 * with the problems in the order the file writes their keys.
 */
export async function checkConfigReferences({
  config,
  baseDir,
  file,
  document,
  variables,
}: LoadedConfig): Promise<void> {
  const issues = [
    ...hubOptionIssues(config),
    ...(await referenceIssues(
      {
        store: config.store,
        bus: config.bus,
        knowledgeBase: config.knowledgeBase,
        webhooks: config.webhooks,
        hubPort: config.listen?.port ?? 8080,
      },
      baseDir,
    )),
  ];
  if (issues.length)
    throw new KefuConfigError(
      file || 'config',
      inDocumentOrder(issues, document ?? config),
      undefined,
      variables,
    );
}

/**
 * A config whose schema failed, with the problems of its well-formed store, bus, webhook and
 * knowledge-base keys added (in the file's order), so `kefu config check` names them all in one
 * run instead of one kind of problem per run. Returns the error as is when it holds no document.
 */
export async function withReferenceIssues(error: KefuConfigError): Promise<KefuConfigError> {
  const doc = error.document;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return error;
  const values = doc as Record<string, unknown>;
  const valid = <T>(
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
    v: unknown,
  ) => {
    const parsed = schema.safeParse(v);
    return parsed.success ? parsed.data : undefined;
  };
  const shape = KefuConfigSchema.shape;
  const listen = valid(shape.listen, values.listen);
  // What createHub would refuse in the keys that are well formed themselves (a limit out of
  // range beside a bad policy): the bad keys left out, as if unset.
  const wellFormed = valid(
    KefuConfigSchema,
    Object.fromEntries(
      Object.entries(values).filter(
        ([key, v]) => key in shape && shape[key as keyof typeof shape].safeParse(v).success,
      ),
    ),
  );
  const found = [
    ...(wellFormed ? hubOptionIssues(wellFormed) : []),
    ...(await referenceIssues(
      {
        store: valid(shape.store, values.store),
        bus: valid(shape.bus, values.bus),
        knowledgeBase: valid(shape.knowledgeBase, values.knowledgeBase),
        webhooks: valid(shape.webhooks, values.webhooks),
        hubPort: listen?.port ?? 8080,
      },
      dirname(resolve(error.source)),
    )),
  ];
  return found.length
    ? new KefuConfigError(
        error.source,
        inDocumentOrder([...error.issues, ...found], doc),
        doc,
        error.variables,
      )
    : error;
}

/** The parts of a config whose references (URLs, files) `kefu config check` follows; undefined skips one. */
interface ReferencedParts {
  store: KefuConfig['store'] | undefined;
  bus: KefuConfig['bus'] | undefined;
  knowledgeBase: KefuConfig['knowledgeBase'];
  webhooks: KefuConfig['webhooks'];
  hubPort: number;
}

async function referenceIssues(parts: ReferencedParts, baseDir: string): Promise<KefuConfigIssue[]> {
  const issues: KefuConfigIssue[] = [];
  const collect = async (check: () => unknown) => {
    try {
      await check();
    } catch (error) {
      if (!(error instanceof KefuConfigError)) throw error;
      issues.push(...error.issues);
    }
  };
  const { store, bus, webhooks } = parts;
  // The driver too (an optional peer): without it the config checks out but the hub cannot start.
  if (store !== undefined) await collect(() => storeAdapter(storeKind(store)));
  if (bus !== undefined) await collect(() => busKind(bus) === 'redis' && redisBusAdapter());
  for (const [i, sub] of (webhooks?.subscriptions ?? []).entries())
    await collect(() =>
      webhookUrlProblem(webhooks?.allowPrivateNetworks ?? false, parts.hubPort, sub.url, i),
    );
  for (const [lang, kbFile] of knowledgeBaseFiles(parts.knowledgeBase))
    await collect(() => readConfiguredKnowledgeBase(lang, kbFile, baseDir));
  return issues;
}

/**
 * What createHub would refuse at start beyond the config's schema (`http.corsOrigins: ["*"]`, a
 * webhook secret …), as a config issue on the key its message names, so a config that passes
 * `kefu config check` starts.
 */
function hubOptionIssues(config: KefuConfig): KefuConfigIssue[] {
  try {
    resolveCheckedHubOptions(hubOptions(config));
    return [];
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    const texts =
      error instanceof HubOptionsError ? error.problems : [error.message.replace(/^createHub: /, '')];
    return texts.map((text) => {
      const named = /^([A-Za-z][\w.[\]]*) (.+)$/s.exec(text);
      return named
        ? { path: named[1] as string, message: named[2] as string }
        : { path: '(root)', message: text };
    });
  }
}

/**
 * A subscription the hub would keep but never deliver to (it only logs a fault at start): a
 * private address without `allowPrivateNetworks`, the hub's own port. A name that does not resolve
 * here is left alone: the check may run on another network than the hub.
 */
async function webhookUrlProblem(
  allowPrivateNetworks: boolean,
  hubPort: number,
  url: string,
  i: number,
): Promise<void> {
  try {
    await checkWebhookUrl(url, {
      allowPrivateNetworks,
      hubPorts: () => [hubPort],
      resolve: resolveHost,
    });
  } catch (error) {
    if (!(error instanceof WebhookUrlError)) throw error;
    if (error.problem === 'unresolvable') return;
    throw new KefuConfigError('config', [
      { path: `webhooks.subscriptions[${i}].url`, message: error.message },
    ]);
  }
}

/** The config's knowledge-base files as [language, file]; `*` for a single one. */
function knowledgeBaseFiles(knowledgeBase: KefuConfig['knowledgeBase']): Array<[string, string]> {
  return typeof knowledgeBase === 'string' ? [['*', knowledgeBase]] : Object.entries(knowledgeBase ?? {});
}

/** Reads one knowledge-base file of the config; a missing or invalid one is a config error naming the key. */
async function readConfiguredKnowledgeBase(
  lang: string,
  file: string,
  baseDir: string,
): Promise<KnowledgeBase> {
  try {
    return await readKnowledgeBaseFile(resolve(baseDir, file));
  } catch (error) {
    const path = lang === '*' ? 'knowledgeBase' : `knowledgeBase.${lang}`;
    // One problem per entry, each naming the file: the knowledge base's own multi-line report
    // nested inside the config's read as problems of the config, and the count was off.
    if (error instanceof KnowledgeBaseError)
      throw new KefuConfigError(
        'config',
        error.issues.map((i) => ({ path, message: `${file}: ${knowledgeBaseIssueText(i)}` })),
      );
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `${file}: no such file (looked for ${resolve(baseDir, file)}; paths are relative to the config file)`
        : `${file}: ${(error as Error).message}`;
    throw new KefuConfigError('config', [{ path, message }]);
  }
}

/** The config's plain options, as `createHub` takes them. */
function hubOptions(config: KefuConfig): HubOptions {
  const {
    store,
    bus,
    knowledgeBase,
    watchKnowledgeBase,
    convertScript,
    listen,
    log,
    images,
    shutdownTimeoutMs,
    canned,
    ...rest
  } = config;
  return rest;
}

function imageLimits({ store, ...limits }: NonNullable<KefuConfig['images']>) {
  return limits;
}

/**
 * The FAQ bot over the config's knowledge bases: one engine per language, the shopper's language
 * choosing (the one they type in, else the page's, else the first listed).
 */
async function knowledgeBot(
  config: KefuConfig,
  baseDir: string,
  logger: Logger,
  onClose: (stop: () => void) => void,
): Promise<{ answer: AnswerPlugin; assist: FaqEngine; editor?: KnowledgeBaseOptions }> {
  const files = knowledgeBaseFiles(config.knowledgeBase);
  const langs: Array<{ lang: string; bot: AnswerPlugin; kb: KnowledgeBase }> = [];
  // Agent assist searches every language; ids are prefixed when there are several, to stay unique.
  const combined = (): KnowledgeBase => ({
    version: 1,
    entries: langs.flatMap(({ lang, kb }) =>
      langs.length === 1 ? kb.entries : kb.entries.map((e) => ({ ...e, id: `${lang}-${e.id}` })),
    ),
  });
  let reloadAssist: ((kb: KnowledgeBase) => Promise<void>) | undefined;
  let editor: KnowledgeBaseOptions | undefined;
  for (const [lang, file] of files) {
    const path = resolve(baseDir, file);
    const kb = await readConfiguredKnowledgeBase(lang, file, baseDir);
    const engine = createFaqEngine(kb);
    const entry = {
      lang,
      bot: createFaqBot(engine, config.convertScript === false ? { convertScript: false } : {}),
      kb,
    };
    langs.push(entry);
    // One knowledge base is what the back office (HTTP API, approved drafts) edits; the edits are
    // written back to its file (JSON or YAML; a CSV keeps them until the hub stops).
    if (files.length === 1) {
      const onChange = knowledgeBaseFileWriter(path);
      editor = { base: kb, engine, ...(onChange && { onChange }) };
    }
    // A file's change is built over turns of the event loop (a 10,000-entry file held every
    // conversation for up to a second), except the edited one's: its editor must learn of the
    // change at once, or the next edit through the API would build on the base before it.
    const reload = editor ? async (next: KnowledgeBase) => engine.reload(next) : reloadInTurns(engine);
    if (config.watchKnowledgeBase !== false)
      onClose(
        watchKnowledgeBase(
          path,
          async (next) => {
            entry.kb = next;
            await Promise.all([reload(next), reloadAssist?.(combined())]);
            logger.log('info', 'kb.reloaded', { lang, entries: next.entries.length });
          },
          (error) => logger.log('warn', 'kb.reload_failed', { lang, error: (error as Error).message }),
        ),
      );
  }
  const keys = langs.map((l) => l.lang);
  const answer: AnswerPlugin = (question, ctx) => {
    // The language they write in; the region and script their locale says (a plug-in's
    // understanding may say more than the page), else the script they write in.
    const said = question.understanding?.locale;
    const language = String(said ?? detectLocale(question.text)).split(/[-_]/)[0] ?? '';
    const locale = typeof said === 'string' && /[-_]/.test(said) ? said : ctx.locale;
    const chosen = langs[chooseKnowledgeBase(keys, language, locale, scriptOfText(question.text))]!;
    return chosen.bot(question, ctx);
  };
  // One file: assist searches the bot's own engine, which the back office's edits reload too
  // (a second engine stayed as loaded, so an entry added through the API was never suggested).
  const assist = editor ? editor.engine : createFaqEngine(combined());
  if (!editor) reloadAssist = reloadInTurns(assist);
  return { answer, assist, ...(editor && { editor }) };
}
