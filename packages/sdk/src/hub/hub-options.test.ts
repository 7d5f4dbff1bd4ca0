import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { DEFAULT_LIMITS } from './hub-limits.ts';
import { type HubOptions, resolveHubOptions, type SiteConfig } from './hub-options.ts';
import { HubOptionsError } from './hub-options-error.ts';
import { originAllowed } from './origins.ts';
import { DEFAULT_SIGN_IN_THROTTLE } from './sign-in-throttle.ts';

const site: SiteConfig = { key: 'shop', origins: ['https://shop.test'] };
const base: HubOptions = { sites: [site] };
const withOptions = (extra: Record<string, unknown>) => ({ ...base, ...extra }) as HubOptions;

/**
 * Asserts the call throws a HubOptionsError (a TypeError) with its stable code, whose message
 * names `option`: whichever folder's check refused it (order rules, actions, office hours…).
 */
function expectTypeError(options: unknown, option: string | RegExp) {
  let error: unknown;
  try {
    resolveHubOptions(options as HubOptions);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TypeError);
  expect(error).toBeInstanceOf(HubOptionsError);
  expect((error as HubOptionsError).code).toBe('HUB_OPTIONS_INVALID');
  expect((error as TypeError).message).toMatch(/^createHub: /);
  expect((error as TypeError).message).toMatch(option);
}

describe('resolveHubOptions', () => {
  it('fills in the defaults for a minimal configuration', () => {
    const o = resolveHubOptions(base);
    expect(o.sites.get('shop')).toBe(site);
    expect(o.limits).toEqual(DEFAULT_LIMITS);
    expect(o.pluginTimeoutMs).toBe(3000);
    expect(o.botName).toEqual({ zh: 'Kefu', 'zh-Hant': 'Kefu', en: 'Kefu' });
    expect(o.sessionTtlMs).toBe(30 * 24 * 3600 * 1000);
    expect(o.identifiedSessionTtlMs).toBe(12 * 3600 * 1000);
    expect(o.trustProxy).toBe(0);
    expect(o.ownsStore && o.ownsBus).toBe(true);
    expect(o.secret.length).toBeGreaterThanOrEqual(16);
    expect(o.understand).toBeTypeOf('function');
    expect(o.path).toBeUndefined();
    expect(o.abandonment).toEqual({ idleMs: 7 * 86_400_000, everyMs: 3_600_000 });
  });

  it('takes abandonment in days, or false to turn it off, and names it when it is wrong', () => {
    expect(resolveHubOptions({ ...base, abandonment: { idleDays: 2 } }).abandonment).toEqual({
      idleMs: 2 * 86_400_000,
      everyMs: 3_600_000,
    });
    expect(resolveHubOptions({ ...base, abandonment: false }).abandonment).toBeUndefined();
    expectTypeError(withOptions({ abandonment: { idleDays: 0 } }), /abandonment\.idleDays/);
    expectTypeError(withOptions({ abandonment: { everyMs: 10 } }), /abandonment\.everyMs/);
  });

  it('keeps a given limit and defaults the rest', () => {
    const o = resolveHubOptions({ ...base, limits: { frameBurst: 5 } });
    expect(o.limits).toEqual({ ...DEFAULT_LIMITS, frameBurst: 5 });
  });

  it("gives agents a frame budget of their own, never below the shoppers' unless given", () => {
    const { limits } = resolveHubOptions(base);
    expect([limits.agentFramesPerSecond, limits.agentFrameBurst]).toEqual([30, 90]);
    const raised = resolveHubOptions({ ...base, limits: { framesPerSecond: 500, frameBurst: 1000 } }).limits;
    expect([raised.agentFramesPerSecond, raised.agentFrameBurst]).toEqual([500, 1000]);
    const given = resolveHubOptions({
      ...base,
      limits: { framesPerSecond: 500, agentFramesPerSecond: 5, agentFrameBurst: 8 },
    }).limits;
    expect([given.agentFramesPerSecond, given.agentFrameBurst]).toEqual([5, 8]);
    expectTypeError(withOptions({ limits: { agentFrameBurst: 0 } }), /limits\.agentFrameBurst/);
  });

  it('lets the bot answer waiting shoppers unless botWhileWaiting is false, and names it when it is not a boolean', () => {
    expect(resolveHubOptions(base).botWhileWaiting).toBe(true);
    expect(resolveHubOptions({ ...base, botWhileWaiting: false }).botWhileWaiting).toBe(false);
    expectTypeError(withOptions({ botWhileWaiting: 'no' }), /botWhileWaiting/);
  });

  it('retries a failed bot turn for about a minute unless botRetryMs says otherwise, and names it when it is not a list of waits', () => {
    expect(resolveHubOptions(base).botRetryMs).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
    expect(resolveHubOptions({ ...base, botRetryMs: [] }).botRetryMs).toEqual([]);
    for (const bad of [[-1], [Number.NaN], ['1000'], 1000, Array(21).fill(1)])
      expectTypeError(withOptions({ botRetryMs: bad }), /botRetryMs must be a list/);
  });

  it('takes botName as one name or names by language, and names the language of a blank one', () => {
    expect(resolveHubOptions(withOptions({ botName: '小客 Kefu' })).botName).toEqual({
      zh: '小客 Kefu',
      'zh-Hant': '小客 Kefu',
      en: '小客 Kefu',
    });
    expect(resolveHubOptions(withOptions({ botName: { zh: '小客', en: 'Kefu assistant' } })).botName).toEqual(
      {
        zh: '小客',
        'zh-Hant': '小客',
        en: 'Kefu assistant',
      },
    );
    expectTypeError(
      withOptions({ botName: { zh: '小客', 'zh-Hant': ' ' } }),
      /botName\.zh-Hant must be a name/,
    );
  });

  it('turns the built-in understanding off with null', () => {
    expect(resolveHubOptions({ ...base, understand: null }).understand).toBeUndefined();
  });

  it('resolves agent tokens from the list and refuses unknown ones', async () => {
    const o = resolveHubOptions({
      ...base,
      agents: [{ id: 'mei', name: 'Mei', token: 'agent-token-mei-4f9c2a7e1b', groups: ['default'] }],
    });
    await expect(o.authenticateAgent('agent-token-mei-4f9c2a7e1b')).resolves.toEqual({
      id: 'mei',
      name: 'Mei',
      groups: ['default'],
    });
    await expect(o.authenticateAgent('nobody-token')).resolves.toBeNull();
  });

  it('uses an agents function as the authenticator', () => {
    const sso = async () => null;
    expect(resolveHubOptions({ ...base, agents: sso }).authenticateAgent).toBe(sso);
  });

  it("knows, with an agents function, the groups routing names; with a list, only the list's", () => {
    const sso = async () => null;
    const routing = {
      groups: ['billing'],
      router: { intentGroups: { refund: 'refunds' } },
      sla: { groups: { vip2: {} } },
    };
    expect([...resolveHubOptions({ ...base, agents: sso, routing }).knownGroups].sort()).toEqual([
      'after-sale',
      'billing',
      'complaints',
      'default',
      'logistics',
      'pre-sale',
      'refunds',
      'vip',
      'vip2',
    ]);
    const listed = resolveHubOptions({
      ...base,
      agents: [{ id: 'mei', name: 'Mei', token: 'agent-token-mei-4f9c2a7e1b', groups: ['default'] }],
      routing,
    });
    expect([...listed.knownGroups]).toEqual(['default']);
    expectTypeError(withOptions({ routing: { groups: 'billing' } }), /routing\.groups/);
  });

  it.each([
    ['no options', undefined, /options\.sites/],
    ['sites missing', {}, /options\.sites/],
    ['sites not an array', { sites: site }, /options\.sites/],
    ['sites empty', { sites: [] }, /options\.sites/],
    ['a site that is null', { sites: [null] }, /sites\[0\]\.key/],
    ['a site key that is not a string', { sites: [{ key: 1, origins: ['*'] }] }, /sites\[0\]\.key/],
    ['an empty site key', { sites: [{ key: '', origins: ['*'] }] }, /sites\[0\]\.key/],
    ['a site key with spaces', { sites: [{ key: 'my shop', origins: ['*'] }] }, /sites\[0\]\.key/],
    [
      'a site key over 64 characters',
      { sites: [{ key: 'k'.repeat(65), origins: ['*'] }] },
      /sites\[0\]\.key/,
    ],
    ['site origins missing', { sites: [site, { key: 'b' }] }, /sites\[1\]\.origins/],
    ['site origins empty', { sites: [{ key: 'b', origins: [] }] }, /sites\[0\]\.origins/],
    ['a site key listed twice', { sites: [site, { ...site }] }, /sites\[1\]\.key "shop" is listed twice/],
    [
      'an agent id listed twice (two people signing in as one agent)',
      {
        sites: [site],
        agents: [
          { id: 'mei', name: 'Mei', token: '0123456789abcdef0123', groups: ['default'] },
          { id: 'mei', name: 'Mei Li', token: '0123456789abcdef0124', groups: ['default'] },
        ],
      },
      /agents\[1\]\.id "mei" is listed twice/,
    ],
    [
      'a short identity secret',
      { sites: [{ ...site, identitySecret: 'short' }] },
      /sites\[0\]\.identitySecret.*16/,
    ],
  ])('throws a TypeError naming the option for %s', (_name, options, option) => {
    expectTypeError(options, option);
  });

  // Finding (2026-12-05): the first bad origin stopped the check, so a config with three was fixed
  // one start at a time, though `kefu config check` promises every problem.
  it('names every bad origin, site and agent at once, each on its own line', () => {
    let error: unknown;
    try {
      resolveHubOptions(
        withOptions({
          sites: [
            { key: 'shop', origins: ['shop.example', 'https://m.shop.example', 'https://shop.example/'] },
            { key: 'shop', origins: ['https://*.shop.example'], locale: 'zh_CN' },
          ],
          agents: [
            { id: 'mei', name: 'Mei', token: 'short', groups: [] },
            { id: '', name: 'Lei', token: '0123456789abcdef0124', groups: [] },
          ],
        }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HubOptionsError);
    expect(error).toBeInstanceOf(TypeError);
    const { problems, message } = error as HubOptionsError;
    expect(problems.map((p) => p.replace(/ .*/s, ''))).toEqual([
      'sites[0].origins[0]',
      'sites[0].origins[2]',
      'sites[1].origins[0]',
      'sites[1].key',
      'sites[1].locale',
      'agents[0].token',
      'agents[1]',
    ]);
    expect(problems[0]).toContain('has no scheme: write "https://shop.example"');
    expect(message.split('\n')).toEqual(['createHub: 7 problems:', ...problems.map((p) => `  - ${p}`)]);
  });

  it.each(Object.keys(DEFAULT_LIMITS))(
    'throws a TypeError naming limits.%s when it is not positive',
    (key) => {
      for (const bad of [0, -1, Number.NaN, '10', null]) {
        expectTypeError(
          withOptions({ limits: { [key]: bad } }),
          new RegExp(`limits\\.${key} must be a positive number`),
        );
      }
    },
  );

  it('defaults the sign-in back-off and keeps a given number', () => {
    expect(resolveHubOptions(base).signIn).toEqual(DEFAULT_SIGN_IN_THROTTLE);
    expect(resolveHubOptions({ ...base, signIn: { freeFailures: 0 } }).signIn).toEqual({
      ...DEFAULT_SIGN_IN_THROTTLE,
      freeFailures: 0,
    });
  });

  it.each(Object.keys(DEFAULT_SIGN_IN_THROTTLE))(
    'throws a TypeError naming signIn.%s when it is not a number',
    (key) => {
      for (const bad of [-1, Number.NaN, '10', null, 2 ** 31])
        expectTypeError(
          withOptions({ signIn: { [key]: bad } }),
          new RegExp(`signIn\\.${key} must be a number`),
        );
    },
  );

  it.each([0, -5, Number.NaN])('throws a TypeError naming pluginTimeoutMs for %s', (bad) => {
    expectTypeError(withOptions({ pluginTimeoutMs: bad }), /pluginTimeoutMs must be a positive number/);
  });

  it.each([
    [{ acceptTimeoutMs: 0 }, /routing\.acceptTimeoutMs must be a positive number/],
    [{ agentGraceMs: Number.NaN }, /routing\.agentGraceMs must be a positive number/],
    [{ timers: { pollMs: 0 } }, /routing\.timers\.pollMs must be a positive number/],
    [{ timers: { leaseMs: -1 } }, /routing\.timers\.leaseMs must be a positive number/],
    [{ timers: { leaseMs: 2 ** 31 } }, /routing\.timers\.leaseMs must be a positive number/],
  ])('throws a TypeError naming the routing timer for %j', (routing, message) => {
    expectTypeError(withOptions({ routing }), message);
  });

  // Finding (2026-12-05): durations had no upper bound. A figure past Node's timers (2^31 - 1 ms)
  // where a plain timer waits fired at once (retention every millisecond, a decode wait), and an
  // SLA of Infinity or 1e20 ms was taken as a promise.
  it.each([
    [
      { routing: { sla: { default: { firstResponseMs: Number.POSITIVE_INFINITY } } } },
      /routing\.sla\.default\.firstResponseMs must be .* up to 31622400000 \(366 days\)/,
    ],
    [
      { routing: { sla: { groups: { billing: { resolutionMs: 400 * 86_400_000 } } } } },
      /routing\.sla\.groups\.billing\.resolutionMs/,
    ],
    [
      { routing: { sla: { tiers: { vip: { nextResponseMs: 0 } } } } },
      /routing\.sla\.tiers\.vip\.nextResponseMs/,
    ],
    [
      { routing: { sla: { groupTiers: { 'billing:vip': { firstResponseMs: '15s' } } } } },
      /routing\.sla\.groupTiers\.billing:vip\.firstResponseMs/,
    ],
    [
      { routing: { ticketDeadlines: { L2: { resolution: 1e20 } } } },
      /routing\.ticketDeadlines\.L2\.resolution/,
    ],
    [{ routing: { breachAlert: { windowMs: 1e15 } } }, /routing\.breachAlert\.windowMs/],
    [
      { retention: { closedDays: 30, everyMs: 2 ** 31 } },
      /retention\.everyMs must be .* up to 2147483647 \(24\.8 days/,
    ],
    [{ retention: { closedDays: Number.POSITIVE_INFINITY } }, /retention\.closedDays/],
    [
      { abandonment: { idleDays: 1e6 } },
      /abandonment\.idleDays must be a positive number of days up to 3650/,
    ],
    [{ newConversationAfterDays: -1 }, /newConversationAfterDays/],
    [{ webhooks: { keepDays: 36_500 } }, /webhooks\.keepDays must be a positive number of days up to 3650/],
    [{ webhooks: { keepDays: 0 } }, /webhooks\.keepDays must be a positive number of days/],
    [
      { webhooks: { batch: 8, perSubscription: 9 } },
      /webhooks\.perSubscription must be a positive number up to 8 \(webhooks\.batch\)/,
    ],
    [{ webhooks: { perSubscription: 2.5 } }, /webhooks\.perSubscription must be a whole number/],
    [
      { webhooks: { retry: { forMs: 400 * 86_400_000 } } },
      /webhooks\.retry\.forMs must be a positive number of milliseconds up to 31622400000 \(366 days\)/,
    ],
    [{ orderRules: { keepDays: 1e6 } }, /orderRules\.keepDays must be a positive number of days up to 3650/],
    [
      {
        orderRules: {
          notShipped: { afterHours: 1e20, group: 'logistics', template: { zh: '未发货', en: 'Late' } },
        },
      },
      /orderRules\.notShipped\.afterHours must be a positive number of hours up to 8784 \(366 days\)/,
    ],
    [
      {
        orderRules: {
          noProgress: { afterHours: 9000, group: 'logistics', template: { zh: '无进展', en: 'Stuck' } },
        },
      },
      /orderRules\.noProgress\.afterHours/,
    ],
    [
      { images: { blobStore: { put() {}, get() {} }, decodeWaitMs: 2 ** 31 } },
      /images\.decodeWaitMs must be .* up to 2147483647/,
    ],
  ])('refuses a duration past what it may be, naming it: %j', (extra, message) => {
    expectTypeError(withOptions(extra), message);
  });

  it('takes a month-long SLA, ticket deadline and breach window, and a year of retention', () => {
    const month = 31 * 86_400_000;
    const routing = {
      sla: { default: { firstResponseMs: month, resolutionMs: month, nearBreachRatio: 0.8 } },
      ticketDeadlines: { L1: { resolution: month } },
      breachAlert: { windowMs: month },
    };
    const o = resolveHubOptions(withOptions({ routing, retention: { closedDays: 365, everyMs: 3_600_000 } }));
    expect(o.routing).toBe(routing);
  });

  it('names a store passed as a promise (a missing await), and a store or bus that is not one', () => {
    const pending = Promise.resolve(createMemoryStore());
    expectTypeError(withOptions({ store: pending }), /store is a promise: await it before createHub/);
    expectTypeError(
      withOptions({ store: { url: 'postgres://db' } }),
      /store must be a Store \(it has no appendMessage/,
    );
    expectTypeError(withOptions({ bus: 'redis://localhost' }), /bus must be a Bus/);
    expect(resolveHubOptions(withOptions({ store: createMemoryStore() })).ownsStore).toBe(false);
  });

  it.each([
    ['answer', 'kb/faq.csv', /answer must be an async function \(a plug-in\), not the string "kb\/faq.csv"/],
    ['answer', { text: 'hi' }, /answer must be an async function \(a plug-in\), not an object/],
    ['route', 'after-sale', /route must be an async function/],
    ['lookupOrder', new Map(), /lookupOrder must be an async function/],
    ['understand', false, /understand must be an async function/],
  ])('throws a TypeError naming the plug-in %s when it is not a function', (name, value, message) => {
    expectTypeError(withOptions({ [name]: value }), message);
  });

  it('throws a TypeError naming secret when it is shorter than 16 characters', () => {
    expectTypeError(
      withOptions({ secret: 'too-short' }),
      /secret must be a string of at least 16 characters/,
    );
  });

  it.each([
    ['a short token', [{ id: 'a', name: 'A', token: 'short', groups: [] }], /agents\[0\]\.token/],
    [
      'a 19-character token',
      [{ id: 'a', name: 'A', token: 'a1b2c3d4e5f6g7h8i9j', groups: [] }],
      /agents\[0\]\.token must be at least 20 characters/,
    ],
    [
      'a long token of few different characters',
      [{ id: 'a', name: 'A', token: 'abcabcabcabcabcabcabcabc', groups: [] }],
      /agents\[0\]\.token must be at least 20 characters of a random string, not a word or a pattern repeated/,
    ],
    [
      'no token (an environment variable that is not set)',
      [{ id: 'a', name: 'A', token: undefined, groups: [] }],
      /agents\[0\]\.token is missing \(undefined: is the environment variable you read it from set\?\)/,
    ],
    [
      'a token that is not a string',
      [{ id: 'a', name: 'A', token: 12345678, groups: [] }],
      /agents\[0\]\.token/,
    ],
    [
      'no id',
      [{ name: 'A', token: 'long-enough-token-4f9c2a7e', groups: [] }],
      /agents\[0\] needs an id and a name/,
    ],
    [
      'no name',
      [
        { id: 'a', name: 'A', token: 'long-enough-token-4f9c2a7e', groups: [] },
        { id: 'b', token: 'another-long-token-9b3d5f1a', groups: [] },
      ],
      /agents\[1\] needs an id and a name/,
    ],
    // Every frame carrying the profile allows 100 characters: a longer one locked the agent out.
    [
      'a name longer than the frames allow',
      [{ id: 'a', name: '客'.repeat(101), token: 'long-enough-token-4f9c2a7e', groups: [] }],
      /agents\[0\]\.name must be 1-100 characters without U\+0000 \(it has 101\)/,
    ],
    [
      'a group longer than the frames allow',
      [{ id: 'a', name: 'A', token: 'long-enough-token-4f9c2a7e', groups: ['vip', 'g'.repeat(101)] }],
      /agents\[0\]\.groups\[1\] must be 1-100 characters/,
    ],
    [
      'an id longer than the frames allow',
      [{ id: 'a'.repeat(65), name: 'A', token: 'long-enough-token-4f9c2a7e', groups: [] }],
      /agents\[0\]\.id must be 1-64 characters/,
    ],
  ])('throws a TypeError naming the agent for %s', (_name, agents, option) => {
    expectTypeError(withOptions({ agents }), option);
  });

  // An unknown zone was taken, and every report and /metrics scrape then failed with a 500.
  it.each(['Asia/Shangai', '', 'UTC+8'])('throws a TypeError naming metrics.timeZone for %j', (timeZone) => {
    expectTypeError(withOptions({ metrics: { timeZone } }), /metrics\.timeZone/);
  });

  it('takes a known metrics.timeZone', () => {
    expect(resolveHubOptions(withOptions({ metrics: { timeZone: 'Asia/Shanghai' } })).metrics).toEqual({
      timeZone: 'Asia/Shanghai',
    });
  });

  // negative or NaN lifetime is accepted and every session token is born expired.
  it('throws a TypeError naming sessionTtlMs when it is not positive', () => {
    expectTypeError(withOptions({ sessionTtlMs: -1 }), /sessionTtlMs/);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'throws a TypeError naming identifiedSessionTtlMs when it is %s',
    (identifiedSessionTtlMs) => {
      expectTypeError(withOptions({ identifiedSessionTtlMs }), /identifiedSessionTtlMs/);
    },
  );

  // only (hub-options.ts:151 and :160); a number has no length, passes, and the hub then fails
  // at the first HMAC instead of at start-up.
  it('throws a TypeError naming the canned reply whose picture has no usable URL or alt text', () => {
    const ok = {
      id: 'size',
      title: '尺码表',
      text: '请参考尺码表',
      image: { url: '/a/size.png', alt: '尺码表' },
    };
    const images = { blobStore: { put() {}, get() {} } };
    expect(resolveHubOptions(withOptions({ images, assist: { canned: [ok] } })).assist.canned).toEqual([ok]);
    expectTypeError(
      withOptions({
        images,
        assist: { canned: [ok, { ...ok, image: { url: 'javascript:alert(1)', alt: 'x' } }] },
      }),
      /assist\.canned\[1\].*image\.url/,
    );
    expectTypeError(
      withOptions({ images, assist: { canned: [{ ...ok, image: { url: '/a.png' } }] } }),
      /image\.alt/,
    );
  });

  // Finding (2026-12-07): a canned reply's picture on a hub without `images` was offered to agents,
  // and every send of it came back refused (the console uploads the picture to the hub).
  it('throws a TypeError naming a canned reply with a picture on a hub that takes no photos', () => {
    const chart = {
      id: 'size',
      title: '尺码表',
      text: '请参考',
      image: { url: '/a/size.png', alt: '尺码表' },
    };
    expectTypeError(
      withOptions({ assist: { canned: [{ id: 'hi', title: 'Hi', text: 'Hi' }, chart] } }),
      /assist\.canned\[1\] \(size\).*image.*images option/,
    );
    const plain = { id: 'hi', title: 'Hi', text: 'Hi' };
    expect(resolveHubOptions(withOptions({ assist: { canned: [plain] } })).assist.canned).toEqual([plain]);
  });

  it('throws a TypeError naming secret when it is not a string', () => {
    expectTypeError(withOptions({ secret: 1_234_567_890_123_456 }), /secret/);
  });

  it('takes trustProxy as a number of proxies, true being one', () => {
    expect(resolveHubOptions(withOptions({ trustProxy: true })).trustProxy).toBe(1);
    expect(resolveHubOptions(withOptions({ trustProxy: false })).trustProxy).toBe(0);
    expect(resolveHubOptions(withOptions({ trustProxy: 2 })).trustProxy).toBe(2);
  });

  it.each([-1, 1.5, Number.NaN, '1', 'loopback'])(
    'throws a TypeError naming trustProxy when it is %s',
    (trustProxy) => {
      expectTypeError(withOptions({ trustProxy }), /trustProxy/);
    },
  );
});

describe('images.consoleOrigins', () => {
  const blobStore = { put: async () => ({ size: 0 }), get: async () => null };
  const withImages = (extra: Record<string, unknown>) => withOptions({ images: { blobStore, ...extra } });

  it('defaults to none, keeps a list, and names the option when it is not a list of origins', () => {
    expect(resolveHubOptions(withImages({})).images?.consoleOrigins).toEqual([]);
    expect(
      resolveHubOptions(withImages({ consoleOrigins: ['https://desk.test'] })).images?.consoleOrigins,
    ).toEqual(['https://desk.test']);
    expectTypeError(withImages({ consoleOrigins: 'https://desk.test' }), /images\.consoleOrigins/);
    expectTypeError(withImages({ consoleOrigins: [''] }), /images\.consoleOrigins/);
  });
});

describe('originAllowed', () => {
  const allows = (origins: string[], origin: string | undefined) =>
    originAllowed({ key: 'k', origins }, origin);

  it('allows an exact origin and refuses others', () => {
    expect(allows(['https://shop.test'], 'https://shop.test')).toBe(true);
    expect(allows(['https://shop.test'], 'http://shop.test')).toBe(false);
    expect(allows(['https://shop.test'], 'https://shop.test:8443')).toBe(false);
    expect(allows(['https://shop.test'], 'https://evil.test')).toBe(false);
    expect(allows(['https://shop.test'], 'https://shop.test.evil.test')).toBe(false);
  });

  it('refuses a connection without an Origin unless "*" is listed', () => {
    expect(allows(['https://shop.test'], undefined)).toBe(false);
    expect(allows(['https://shop.test', '*'], undefined)).toBe(true);
  });

  it('"*" allows any origin', () => {
    expect(allows(['*'], 'https://anything.example')).toBe(true);
    expect(allows(['*'], 'null')).toBe(true);
  });

  it('"http://localhost:*" allows localhost on any port', () => {
    const dev = ['http://localhost:*'];
    expect(allows(dev, 'http://localhost:5173')).toBe(true);
    expect(allows(dev, 'http://localhost:80')).toBe(true);
  });

  it.each([
    'http://localhost',
    'http://localhost:',
    'http://localhost:5173.evil.test',
    'http://localhost:abc',
    'http://localhost.evil.test:5173',
    'https://localhost:5173',
    'http://127.0.0.1:5173',
  ])('"http://localhost:*" refuses %s', (origin) => {
    expect(allows(['http://localhost:*'], origin)).toBe(false);
  });

  it('checks every listed origin', () => {
    const origins = ['https://shop.test', 'https://m.shop.test', 'http://localhost:*'];
    expect(allows(origins, 'https://m.shop.test')).toBe(true);
    expect(allows(origins, 'http://localhost:3000')).toBe(true);
    expect(allows(origins, 'https://admin.shop.test')).toBe(false);
  });
});
