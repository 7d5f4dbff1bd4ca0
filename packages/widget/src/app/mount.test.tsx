import { afterEach, expect, it, vi } from 'vitest';
import { mount } from './mount.tsx';
import { TestSocket, testHost } from './testing/test-socket.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
  localStorage.clear();
});

it('reports a command named like an Object.prototype member as unknown, and runs the calls after it', () => {
  vi.stubGlobal('WebSocket', TestSocket);
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const opens: boolean[] = [];
  const app = mount(testHost());
  app.run(['on', 'open', (open: boolean) => opens.push(open)]);
  // The loader replays its queue through `run`: one call that threw lost every call after it.
  for (const command of ['hasOwnProperty', 'valueOf', '__proto__', 'constructor', 'toString'])
    expect(() => app.run([command])).not.toThrow();
  app.run(['open']);
  expect(opens).toEqual([true]);
  expect(warn.mock.calls.map(([text]) => text)).toEqual([
    'Kefu: unknown command "hasOwnProperty"',
    'Kefu: unknown command "valueOf"',
    'Kefu: unknown command "__proto__"',
    'Kefu: unknown command "constructor"',
    'Kefu: unknown command "toString"',
  ]);
  app.destroy();
});
