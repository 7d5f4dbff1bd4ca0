import { describe, expect, it } from 'vitest';
import { transferGroups } from './transfer-groups.ts';

// Finding (2026-12-07): the console started on its own against a merchant's hub offered Mei only
// her own groups (General, Pre-sales): a complaint could not go to the complaints team.
describe('transferGroups', () => {
  it('adds the groups of the colleagues online to those the console knows, once each', () => {
    const online = [{ groups: ['default', 'complaints'] }, { groups: ['after-sale'] }, {}];
    expect(transferGroups(['default', 'pre-sale'], online)).toEqual([
      'default',
      'pre-sale',
      'complaints',
      'after-sale',
    ]);
  });

  it('keeps the known groups while the hub has not said who is online', () => {
    expect(transferGroups(['default'], undefined)).toEqual(['default']);
  });
});
