import { describe, expect, it } from 'vitest';
import type { HubOptions } from './hub-options.ts';
import { HubOptionsError } from './hub-options-error.ts';
import { resolveCheckedHubOptions } from './unknown-options.ts';

// createHub's options from plain JavaScript (the README's own hub is a .mjs file) or from a
// variable get no excess-property check: a misspelt key was ignored, so `identitySecrets` left
// every shopper anonymous and `limits.framesPerSec` kept the default, without a word.

const sites = [{ key: 'shop', origins: ['https://shop.test'] }];

function problemsOf(options: Record<string, unknown>): readonly string[] {
  try {
    resolveCheckedHubOptions(options as unknown as HubOptions);
  } catch (e) {
    expect(e).toBeInstanceOf(HubOptionsError);
    expect((e as HubOptionsError).code).toBe('HUB_OPTIONS_INVALID');
    return (e as HubOptionsError).problems;
  }
  throw new Error('accepted');
}

describe('unknown createHub options', () => {
  it.each([
    [{ polcy: {} }, 'polcy is not an option of createHub (did you mean policy?)'],
    [{ limits: { framesPerSec: 5 } }, 'limits.framesPerSec is not an option (did you mean framesPerSecond?)'],
    [{ http: { maxBody: 10 } }, 'http.maxBody is not an option'],
    [{ http: { rateLimit: { perSecond: 1, burst: 2, per: 1 } } }, 'http.rateLimit.per is not an option'],
    [{ webhooks: { retries: 3 } }, 'webhooks.retries is not an option'],
    [{ webhooks: { retry: { baseMS: 1 } } }, 'webhooks.retry.baseMS is not an option (did you mean baseMs?)'],
    [{ routing: { assigment: 'auto' } }, 'routing.assigment is not an option (did you mean assignment?)'],
    [{ routing: { timers: { poll: 5 } } }, 'routing.timers.poll is not an option'],
    [
      { routing: { sla: { default: { firstResponse: 1 } } } },
      'routing.sla.default.firstResponse is not an option',
    ],
    [{ routing: { sla: { group: {} } } }, 'routing.sla.group is not an option (did you mean groups?)'],
    [{ routing: { sla: { tiers: { vip: { resolution: 1 } } } } }, 'routing.sla.tiers.vip.resolution is not'],
    [{ metrics: { tz: 'UTC' } }, 'metrics.tz is not an option'],
    [{ retention: { closedDays: 30, every: 5 } }, 'retention.every is not an option'],
    [{ abandonment: { idle: 3 } }, 'abandonment.idle is not an option'],
    [{ assist: { minConf: 0.2 } }, 'assist.minConf is not an option'],
    [{ quality: { rule: [] } }, 'quality.rule is not an option (did you mean rules?)'],
    [{ notifications: { maxPerShoper: 5 } }, 'notifications.maxPerShoper is not an option'],
    [{ signIn: { free: 5 } }, 'signIn.free is not an option'],
    [{ images: { blobStore: {}, maxByte: 1 } }, 'images.maxByte is not an option (did you mean maxBytes?)'],
    [
      { sites: [{ key: 'shop', origins: ['https://shop.test'], identitySecrets: 'x'.repeat(20) }] },
      'sites[0].identitySecrets is not an option (did you mean identitySecret?)',
    ],
    [
      { agents: [{ id: 'mei', name: 'Mei', token: 'a8f3k2m9x7q1w5e6r4t0', groups: ['d'], capcity: 3 }] },
      'agents[0].capcity is not an option (did you mean capacity?)',
    ],
    [
      {
        webhooks: {
          subscriptions: [
            { url: 'https://x.test/h', events: ['ticket.created'], secret: 's'.repeat(16), evnts: [] },
          ],
        },
      },
      'webhooks.subscriptions[0].evnts is not an option (did you mean events?)',
    ],
  ])('names %j', (extra, problem) => {
    expect(problemsOf({ sites, ...extra }).join('\n')).toContain(problem);
  });

  it('names every unknown key at once, beside the other problems of sites and agents', () => {
    const problems = problemsOf({
      sites: [{ key: 'shop', origins: ['shop.test'] }],
      polcy: {},
      limits: { framesPerSec: 5 },
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/sites\[0\]\.origins\[0\]/);
  });

  it.each([
    [
      { routing: { strategy: 'random' } },
      'routing.strategy must be "least-busy", "round-robin" or "longest-idle"',
    ],
    [{ routing: { assignment: 'automatic' } }, 'routing.assignment must be "auto" or "manual"'],
    [{ botName: 5 }, 'botName must be a name, or names by language ({ zh, zh-Hant, en })'],
    [{ botName: '  ' }, 'botName must be a name of 1-100 characters, not blank, without U+0000'],
    [
      { botName: { zh: '小客', en: '' } },
      'botName.en must be a name of 1-100 characters, not blank, without U+0000',
    ],
    [
      { botName: { en: 'x'.repeat(101) } },
      'botName.en must be a name of 1-100 characters, not blank, without U+0000',
    ],
    [{ botName: {} }, 'botName must name the bot in at least one of zh, zh-Hant or en'],
    [
      { botName: { zh: '小客', fr: 'Kefu' } },
      'botName.fr is not a language the hub tells apart: zh, zh-Hant or en',
    ],
    [
      { botName: { 'zh-TW': '小客' } },
      'botName.zh-TW is not a language the hub tells apart: zh, zh-Hant or en (did you mean zh-Hant?)',
    ],
    [{ logger: 'pino' }, 'logger must be a Logger such as createJsonLogger() (it has no log)'],
    [{ clock: Date }, 'clock must be a Clock (it has no setTimeout, clearTimeout)'],
  ])('refuses the value of %j', (extra, problem) => {
    expect(problemsOf({ sites, ...extra }).join('\n')).toContain(problem);
  });

  it('takes every documented option, and a key set to undefined', () => {
    expect(() =>
      resolveCheckedHubOptions({
        sites: [
          {
            key: 'shop',
            origins: ['https://shop.test'],
            identitySecret: 'x'.repeat(20),
            name: 'S',
            locale: 'en',
          },
        ],
        agents: [
          {
            id: 'mei',
            name: 'Mei',
            token: 'a8f3k2m9x7q1w5e6r4t0',
            groups: ['d'],
            capacity: 3,
            level: 'senior',
            languages: ['zh'],
            supervisor: true,
            mayAssign: true,
            avatar: 'https://a.test/m.png',
          },
        ],
        limits: { framesPerSecond: 5 },
        http: { maxBodyBytes: 1024, rateLimit: { perSecond: 1, burst: 2 }, readyTimeoutMs: 100 },
        webhooks: { timeoutMs: 100, leaseMs: 60_000, retry: { baseMs: 1, maxDelayMs: 2, forMs: 3 } },
        routing: {
          assignment: 'manual',
          strategy: 'round-robin',
          timers: { pollMs: 5 },
          sla: { default: { firstResponseMs: 1 }, tiers: { vip: { resolutionMs: 5 } } },
          breachAlert: { threshold: 0.1 },
          router: { intentGroups: { invoice: 'after-sale' } },
        },
        metrics: { timeZone: 'UTC', token: undefined },
        retention: { closedDays: 30, everyMs: 60_000 },
        abandonment: { idleDays: 3 },
        assist: { minConfidence: 0.3, convertScript: false },
        quality: { rules: [] },
        notifications: { maxPerShopper: 3 },
        signIn: { freeFailures: 2 },
        botName: { zh: '小美', 'zh-Hant': '小美', en: 'Mei bot', fr: undefined } as HubOptions['botName'],
        path: undefined,
      }),
    ).not.toThrow();
  });
});
