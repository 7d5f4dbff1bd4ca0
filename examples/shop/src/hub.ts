import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type AgentConfig,
  type AnswerPlugin,
  createFaqBot,
  createFaqEngine,
  createHub,
  createJsonLogger,
  detectLocale,
  FAQ_PAYLOAD_PREFIX,
  type FaqEngine,
  type Hub,
  type HubOptions,
  hashApiKeySecret,
  type KnowledgeBase,
  type KnowledgeBaseOptions,
  knowledgeBaseFileWriter,
  type LookupOrderPlugin,
  type OfficeHours,
  parseKnowledgeBase,
  readKnowledgeBaseFile,
  reloadInTurns,
  type Store,
} from '@kefu/sdk';
import type { BlobStore } from '@kefu/sdk/images';
import { createPgliteStore } from '@kefu/sdk/pglite';
import { demoOrder, shopLanguage } from './catalog.ts';
import { recognizeDamagedParcel } from './damage-recognizer.ts';
import { demoActions } from './demo-actions.ts';
import { DEMO_CANNED } from './demo-canned.ts';
import { withOrderStatus } from './order-answer.ts';
import { type DemoOrderSystem, orderOwner } from './order-system.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const readKb = (file: string): KnowledgeBase =>
  parseKnowledgeBase(JSON.parse(readFileSync(here(file), 'utf8')));

/** The demo shop's knowledge bases, one per language (same entry ids). */
export const KB = { zh: readKb('../kb/faq.zh.json'), en: readKb('../kb/faq.en.json') };

/** The demo's agents. Sign in on the agent page with one of these tokens. */
export const DEMO_AGENTS: AgentConfig[] = [
  {
    id: 'mei',
    name: '小美 Mei',
    token: 'demo-mei-7f3c9a1e5b2d8c4f',
    groups: ['default', 'pre-sale', 'logistics'],
    languages: ['zh', 'en'],
  },
  {
    id: 'lei',
    name: '李雷 Lei',
    token: 'demo-lei-2d8c4f6a0e7f3c9a',
    groups: ['default', 'after-sale', 'complaints', 'vip'],
    level: 'senior',
    languages: ['zh', 'en'],
  },
  {
    id: 'boss',
    name: '王经理 Wang',
    token: 'demo-wang-9a1e5b2d8c4f6a0e',
    groups: ['default'],
    supervisor: true,
  },
];

const DAILY = [{ from: '09:00', to: '22:00' }];
/**
 * When the demo's agents answer chats: every day 09:00–22:00 in Shanghai, holidays included, as
 * the knowledge base tells shoppers (`service-hours`). Outside them a shopper asking for a person
 * gets a ticket promising a reply after the next opening, not within the hour.
 */
export const DEMO_AGENT_HOURS: OfficeHours = {
  timeZone: 'Asia/Shanghai',
  weekly: { mon: DAILY, tue: DAILY, wed: DAILY, thu: DAILY, fri: DAILY, sat: DAILY, sun: DAILY },
};

const WEEKDAY_HOURS = [{ from: '09:00', to: '18:00' }];
/** The complaints team's office hours, Monday to Friday, 09:00–18:00 in Shanghai. */
export const COMPLAINTS_HOURS: OfficeHours = {
  timeZone: 'Asia/Shanghai',
  weekly: {
    mon: WEEKDAY_HOURS,
    tue: WEEKDAY_HOURS,
    wed: WEEKDAY_HOURS,
    thu: WEEKDAY_HOURS,
    fri: WEEKDAY_HOURS,
  },
};

type Lang = 'zh' | 'en';
type Engines = Record<Lang, FaqEngine>;

/** The FAQ bot in the shopper's language: the one they type in, else the page's. */
function demoBot(engines: Engines): AnswerPlugin {
  const bots = { zh: createFaqBot(engines.zh), en: createFaqBot(engines.en) };
  return async (question, ctx) => {
    const locale = question.understanding?.locale ?? detectLocale(question.text) ?? ctx.locale;
    return bots[String(locale).startsWith('zh') ? 'zh' : 'en'](question, ctx);
  };
}

/** Both languages in one knowledge base (ids made unique by language), for agent assist and the back office. */
function bothLanguages(): KnowledgeBase {
  return {
    version: 1,
    entries: (['zh', 'en'] as const).flatMap((lang) =>
      KB[lang].entries.map((e) => ({
        ...e,
        id: `${lang}-${e.id}`,
        locale: lang,
        // A button to another entry (faq:<id>) names it by its id here too.
        ...(e.quickReplies
          ? {
              quickReplies: e.quickReplies.map((r) =>
                r.payload.startsWith(FAQ_PAYLOAD_PREFIX)
                  ? {
                      ...r,
                      payload: `${FAQ_PAYLOAD_PREFIX}${lang}-${r.payload.slice(FAQ_PAYLOAD_PREFIX.length)}`,
                    }
                  : r,
              ),
            }
          : {}),
      })),
    ),
  };
}

/**
 * One language's entries of the joint base, under the joint base's ids: the bot's answers name the
 * entry as the back office does, so an answer marked not helpful is known on the knowledge page
 * (and not proposed again as the place for the question it did not answer).
 */
function languagePart(kb: KnowledgeBase, lang: Lang): KnowledgeBase {
  const entries = kb.entries.filter((e) =>
    e.locale ? e.locale.startsWith(lang) : detectLocale(e.question) === lang,
  );
  return { version: 1, entries };
}

/**
 * The knowledge base a demo keeps in its data folder, edits included: `file` (JSON), made at its
 * first start from the shipped `kb/` (both languages in one base), so the repository's files never
 * change and deleting the data folder starts afresh from them.
 */
export interface DemoKnowledgeBase {
  base: KnowledgeBase;
  file: string;
}

/**
 * Opens the demo's knowledge-base file, writing the shipped one there first when there is none.
 * @example
 * const kb = await openDemoKnowledgeBase(join(dir, 'kb.json'));
 * createDemoHub({ origins, kb });
 */
export async function openDemoKnowledgeBase(file: string): Promise<DemoKnowledgeBase> {
  const base = await readKnowledgeBaseFile(file).catch(async (error: unknown) => {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    const shipped = bothLanguages();
    await knowledgeBaseFileWriter(file)!(shipped);
    return shipped;
  });
  return { base, file };
}

/**
 * The demo's knowledge: the bot answers from one engine per language, while agent assist and the
 * back office (edits, imports, approved proposals learned from traffic) work on both languages in
 * one base; every edit reloads the language engines at once, and is written to the demo's own file
 * when it has one (as a config's knowledge base is), else kept in memory only.
 */
function demoKnowledge(kb: DemoKnowledgeBase | undefined) {
  const base = kb?.base ?? bothLanguages();
  const engines: Engines = {
    zh: createFaqEngine(languagePart(base, 'zh')),
    en: createFaqEngine(languagePart(base, 'en')),
  };
  const reload = { zh: reloadInTurns(engines.zh), en: reloadInTurns(engines.en) };
  const engine = createFaqEngine(base);
  const save = kb && knowledgeBaseFileWriter(kb.file);
  const knowledgeBase: KnowledgeBaseOptions = {
    base,
    engine,
    onChange: async (next) => {
      await Promise.all([reload.zh(languagePart(next, 'zh')), reload.en(languagePart(next, 'en'))]);
      await save?.(next);
    },
  };
  // An order-status question on an order page is answered from that order (when it is the shopper's).
  return { answer: withOrderStatus(demoBot(engines)), assist: engine, knowledgeBase };
}

/**
 * The demo's embedded store: PGlite in `examples/shop/.data` (or `KEFU_DATA`), so conversations
 * survive a restart with nothing to install. The session secret is kept beside it, so shoppers
 * resume as themselves after a restart too. Tests pass `loadDataDir` (`pgliteInitdbSeed()`): a new
 * folder then starts from that dump instead of running initdb, seconds each; one with data opens as it is.
 */
export async function openDemoStore(
  dir = process.env.KEFU_DATA ?? here('../.data'),
  { loadDataDir }: { loadDataDir?: Blob } = {},
): Promise<{ store: Store; secret: string; dir: string }> {
  await mkdir(dir, { recursive: true });
  const secretFile = `${dir}/session-secret`;
  const secret = await readFile(secretFile, 'utf8').catch(async () => {
    const fresh = randomBytes(32).toString('base64url');
    await writeFile(secretFile, fresh, { mode: 0o600 });
    return fresh;
  });
  const store = await createPgliteStore({ dataDir: `${dir}/pglite`, ...(loadDataDir && { loadDataDir }) });
  return { store, secret: secret.trim(), dir };
}

/**
 * The demo's other secrets, derived from its session secret so a restart keeps them: the one
 * the shop signs its customers' identities with, the one its order system signs events with, and
 * the key of the customer cookie (customer-cookie.ts).
 */
export function demoSecrets(secret: string): {
  identity: string;
  inbound: string;
  customer: string;
  apiKey: string;
} {
  const derive = (what: string) => createHmac('sha256', secret).update(what).digest('base64url');
  return {
    identity: derive('identity'),
    inbound: derive('inbound order events'),
    customer: derive('customer cookie'),
    apiKey: derive('http api key'),
  };
}

/**
 * The demo's HTTP API key (admin scope), the same at every start for the same data folder, so the
 * docs' `curl` examples can be tried against `pnpm demo` (the start banner prints it).
 * @example
 * demoApiKey(secret); // 'kefu_demo_…'
 */
export function demoApiKey(secret: string): string {
  return `kefu_${DEMO_API_KEY_ID}_${demoSecrets(secret).apiKey}`;
}

const DEMO_API_KEY_ID = 'demo';

/** After delivery, the notice offers a return (two taps: the button, then confirm). */
const DEMO_ORDER_RULES = { offer: { delivered: ['requestReturn'] } };

export interface DemoHubOptions {
  /** Page origins allowed to embed the widget. */
  origins: string[];
  /** The demo's order system (the simulator): orders, deliveries and returns. */
  orders?: DemoOrderSystem;
  /** Where shoppers' photos are kept (`createLocalFolderBlobStore`); without it the hub takes no photos. */
  images?: BlobStore;
  /** Keep conversations across a hub restart (tests pass one store to two hubs); default: a new memory store. */
  store?: Store;
  /** Signs session tokens; pass the same one across restarts so shoppers resume as themselves. */
  secret?: string;
  /** The agents; default `DEMO_AGENTS`, whose tokens are in this repository. */
  agents?: AgentConfig[];
  /** The knowledge base in the demo's data folder, where edits are kept (`openDemoKnowledgeBase`); default: the shipped one, edits in memory. */
  kb?: DemoKnowledgeBase;
  /**
   * When agents answer (default `DEMO_AGENT_HOURS`); `null`: around the clock, for tests that hand
   * a shopper to a person whatever the hour they run at. The complaints team keeps its own hours.
   */
  agentHours?: OfficeHours | null;
  /** Anything else a later step plugs in (the FAQ bot, a persistent store, routing). */
  extra?: Partial<HubOptions>;
}

/**
 * The demo's order lookup, in the shopper's language (items, carrier, scans). A customer's order
 * (see `orderOwner`) only for that customer, signed in as them (`shopper.userId`): the id comes from the
 * shopper's page or message, so it proves nothing. Other KF… ids are the demo's public samples.
 * @example
 * await demoLookupOrder(orders)('KFA1B2C3D401', { shopper: { id: 'u:A1B2C3D4', identified: true, userId: 'A1B2C3D4' }, signal });
 */
export function demoLookupOrder(orders: DemoOrderSystem | undefined): LookupOrderPlugin {
  return async (orderId, { locale, shopper }) => {
    if (!orderId.startsWith('KF')) return null;
    const owner = orderOwner(orderId);
    if (owner !== undefined && shopper.userId !== owner) return null;
    const lang = shopLanguage(locale);
    return orders ? orders.lookup(orderId, lang) : demoOrder(orderId, lang);
  };
}

/**
 * The demo's hub, in one place so the FAQ bot, a persistent store or routing are one line each.
 * @example
 * const hub = createDemoHub({ origins: ['http://127.0.0.1:5173'] });
 * hub.attach(server);
 */
export function createDemoHub(options: DemoHubOptions): Hub {
  const knowledge = demoKnowledge(options.kb);
  const secrets = options.secret ? demoSecrets(options.secret) : undefined;
  const { orders, images } = options;
  return createHub({
    sites: [
      {
        key: 'demo',
        name: 'Kefu Demo Shop',
        origins: options.origins,
        ...(secrets ? { identitySecret: secrets.identity } : {}),
      },
    ],
    agents: options.agents ?? DEMO_AGENTS,
    path: '/kefu',
    // Named in the shopper's language: English shoppers read "小客 Kefu" as a name they cannot say.
    botName: { zh: '小客', 'zh-Hant': '小客', en: 'Kefu assistant' },
    logger: createJsonLogger({ level: process.env.KEFU_LOG === 'debug' ? 'debug' : 'warn' }),
    answer: knowledge.answer,
    knowledgeBase: knowledge.knowledgeBase,
    // The demo's order system: every KF… order is in transit (see catalog.ts) until the simulator moves it.
    // It answers in the shopper's language: item names, the carrier and the parcel's scans.
    lookupOrder: demoLookupOrder(orders),
    ...(orders ? { actions: demoActions(orders), orderRules: DEMO_ORDER_RULES } : {}),
    ...(secrets
      ? {
          http: {
            inboundSecret: secrets.inbound,
            // Seeded (only its hash is stored): written at the first start, kept after.
            apiKeys: [
              {
                id: DEMO_API_KEY_ID,
                name: 'pnpm demo',
                scopes: ['admin'],
                hash: hashApiKeySecret(secrets.apiKey),
              },
            ],
          },
        }
      : {}),
    // Photos, and the demo's recognizer (a colour-and-roughness heuristic, see damage-recognizer.ts):
    // a damaged parcel goes to after-sales with its SLA, and the agent sees the label.
    ...(images
      ? {
          images: { blobStore: images },
          classifyImage: recognizeDamagedParcel,
        }
      : {}),
    // Without photos the hub refuses a canned reply's picture (the console could not send it).
    assist: {
      knowledgeBase: knowledge.assist,
      canned: images ? DEMO_CANNED : DEMO_CANNED.map(({ image: _picture, ...reply }) => reply),
    },
    routing: {
      acceptTimeoutMs: 60_000,
      // After-sales (returns, damaged goods: a recognised photo lands here) answers within 30 s
      // and resolves within a day; everyone else keeps the default chat targets.
      sla: { groups: { 'after-sale': { firstResponseMs: 30_000, resolutionMs: 86_400_000 } } },
      // The agents work the hours the knowledge base states, the complaints team office hours (both
      // Beijing time); outside them a shopper gets a ticket (a complaint with its L3 deadlines),
      // unless an agent is signed in: the demo is tried at any hour, with the console open beside it.
      router: {
        openWhenStaffed: true,
        officeHours: {
          ...(options.agentHours === null ? {} : { '*': options.agentHours ?? DEMO_AGENT_HOURS }),
          complaints: COMPLAINTS_HOURS,
        },
      },
    },
    ...(options.store ? { store: options.store } : {}),
    ...(options.secret ? { secret: options.secret } : {}),
    ...options.extra,
  });
}
