import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineRoute } from './route.ts';
import { createRouter, type RouterDeps } from './router.ts';

// The routes are checked when the router is built, before any request: no deps are used.
const deps = {} as RouterDeps;
const signed = {
  method: 'POST' as const,
  path: '/api/v1/inbound/things',
  scope: null,
  signed: true as const,
  tag: 'test',
  summary: 'test',
  response: z.object({}),
  handle: async () => ({}),
};

describe('createRouter', () => {
  it('refuses a signed route that has no body to sign or also wants a key', () => {
    expect(() => createRouter([defineRoute(signed)], deps)).toThrow(
      'a signed route has a body and scope null',
    );
    expect(() =>
      createRouter([defineRoute({ ...signed, scope: 'write', body: z.object({}) })], deps),
    ).toThrow(TypeError);
    expect(() => createRouter([defineRoute({ ...signed, body: z.object({}) })], deps)).not.toThrow();
  });
});
