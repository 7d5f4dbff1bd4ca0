import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RouteContext } from '@kefu/sdk';
import { describe, expect, it } from 'vitest';
import { route } from '../src/language-route.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const file = fileURLToPath(new URL('../src/language-route.ts', import.meta.url));

/** The parts of a hub's route context the example reads; `online` are the groups with someone in. */
const ctx = (locale: string, online: string[], tier?: string) =>
  ({
    shopper: { id: 's', identified: tier !== undefined, ...(tier ? { tier } : {}) },
    locale,
    isStaffed: (group: string) => online.includes(group),
  }) as unknown as RouteContext;
const asked = { reason: 'asked for a person' };

describe('the language route in README.md', () => {
  it('is in README.md exactly as in examples/plugins/src/language-route.ts', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${readFileSync(file, 'utf8').trim()}\n\`\`\``);
  });

  it('sends a Chinese conversation to zh while someone of it is online, else as the default router does', async () => {
    expect((await route(asked, ctx('zh-CN', ['default', 'zh']))).group).toBe('zh');
    expect((await route(asked, ctx('en', ['default', 'zh']))).group).toBe('default');
    expect((await route(asked, ctx('zh-CN', ['default']))).group).toBe('default');
    expect((await route(asked, ctx('zh-CN', ['default', 'zh', 'vip'], 'vip'))).group).toBe('vip');
    // A logistics question nobody of `logistics` can take overflows to the default group.
    const logistics = { ...asked, understanding: { intent: 'logistics', confidence: 0.9, anger: 0 } };
    expect((await route(logistics, ctx('en', ['default']))).group).toBe('default');
    // The group a hand-over names (an order exception's) stays, for a Chinese shopper too.
    const exception = { ...asked, group: 'logistics' };
    expect((await route(exception, ctx('zh-CN', ['default', 'zh', 'logistics']))).group).toBe('logistics');
  });

  it('queues a Chinese conversation for zh when only zh is online, not as a ticket for the group nobody serves', async () => {
    // Was { group: 'zh', ticket: { offline: true, cause: 'no_agent_online' } }: the default
    // router's verdict on `default` (or `logistics`) kept beside the zh group, so the zh agents
    // online saw every Chinese conversation arrive as a ticket ("no agent online → ticket").
    const decision = await route(asked, ctx('zh-CN', ['zh']));
    expect(decision.group).toBe('zh');
    expect(decision.ticket).toBeUndefined();
    expect(decision.reason).not.toContain('no agent online');
    const logistics = { ...asked, understanding: { intent: 'logistics', confidence: 0.9, anger: 0 } };
    expect(await route(logistics, ctx('zh-CN', ['zh']))).toMatchObject({ group: 'zh' });
    expect((await route(logistics, ctx('zh-CN', ['zh']))).ticket).toBeUndefined();
  });
});
