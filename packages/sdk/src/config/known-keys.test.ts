import { describe, expect, it } from 'vitest';
import { KefuConfigSchema } from './config-schema.ts';
import { knownKeysAt, meantKey } from './known-keys.ts';

describe('knownKeysAt and meantKey', () => {
  it('finds the keys of an object through optional, array and union nodes of the config schema', () => {
    expect(knownKeysAt(KefuConfigSchema, [])).toEqual(
      expect.arrayContaining(['sites', 'routing', 'webhooks']),
    );
    expect(knownKeysAt(KefuConfigSchema, ['sites', 0])).toEqual(
      expect.arrayContaining(['key', 'identitySecret']),
    );
    // `store` is a URL string or an object: the object's keys.
    expect(knownKeysAt(KefuConfigSchema, ['store'])).toEqual(expect.arrayContaining(['url', 'schema']));
    expect(knownKeysAt(KefuConfigSchema, ['no', 'such'])).toEqual([]);
    // Every option of the default router a config file can set, openWhenStaffed too.
    expect(knownKeysAt(KefuConfigSchema, ['routing', 'router'])).toEqual(
      expect.arrayContaining(['officeHours', 'overflowToDefault', 'openWhenStaffed']),
    );
  });

  it('names a key one edit away or its singular, and nothing for an unrelated word', () => {
    const known = ['routing', 'webhooks', 'agents'];
    expect(meantKey('routingg', known)).toBe('routing');
    expect(meantKey('Routing', known)).toBe('routing');
    expect(meantKey('webhook', known)).toBe('webhooks');
    expect(meantKey('agentss', known)).toBe('agents');
    expect(meantKey('colour', known)).toBeUndefined();
  });
});
