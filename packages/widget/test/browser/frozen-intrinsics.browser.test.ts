import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/**
 * What SES's `lockdown()` does to a page's JavaScript, without its taming of the "override
 * mistake": every intrinsic (the global constructors and namespaces, their prototypes, the
 * iterator and function prototypes) is frozen before any other script runs. Assigning a property
 * a frozen prototype has (`X.prototype.toString = …`) then throws in strict code.
 */
function freezeIntrinsics(): void {
  const seen = new Set<unknown>();
  const harden = (value: unknown): void => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value))
      return;
    seen.add(value);
    Object.freeze(value);
    harden(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (desc && 'value' in desc) harden(desc.value);
    }
  };
  const names = [
    'Object',
    'Function',
    'Array',
    'String',
    'Number',
    'Boolean',
    'Symbol',
    'BigInt',
    'Error',
    'TypeError',
    'RangeError',
    'SyntaxError',
    'ReferenceError',
    'Promise',
    'Map',
    'Set',
    'WeakMap',
    'WeakSet',
    'RegExp',
    'Date',
    'JSON',
    'Math',
    'Reflect',
    'ArrayBuffer',
    'Uint8Array',
    'Uint32Array',
    'DataView',
    'Proxy',
    'Intl',
    'Atomics',
  ];
  for (const name of names) harden((globalThis as Record<string, unknown>)[name]);
  // The prototypes only reachable from instances: iterators, generators, async functions.
  harden(Object.getPrototypeOf([][Symbol.iterator]()));
  harden(Object.getPrototypeOf(function* () {}));
  harden(Object.getPrototypeOf(async () => {}));
  harden(Object.getPrototypeOf(Uint8Array));
}

describe.skipIf(skip)('the widget on a page that froze its intrinsics (SES lockdown), in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('opens and delivers a message', async () => {
    const context = await fx.browserProfile();
    await context.addInitScript(freezeIntrinsics);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (m) => m.type() !== 'log' && errors.push(`${m.type()}: ${m.text()}`));
    await page.goto(`${fx.origin}/locked`);
    expect(
      await page.evaluate(() => Object.isFrozen(Object.prototype) && Object.isFrozen(Error.prototype)),
    ).toBe(true);
    await openWidget(page);
    await send(page, 'from a locked-down page');
    expect(errors).toEqual([]);
    await context.close();
  });
});
