import { afterEach, expect, it, vi } from 'vitest';
import { mount } from './mount.tsx';
import { opened, TestSocket, testHost } from './testing/test-socket.ts';

// The hello's locale holds the hub's lines to it. The widget sends one only in a language it
// speaks; on another page (French) it sends none, so the hub follows what the shopper writes.

afterEach(() => {
  vi.unstubAllGlobals();
  document.documentElement.lang = '';
  document.body.replaceChildren();
  localStorage.clear();
});

const hello = (socket: TestSocket) =>
  JSON.parse(socket.sent.find((raw) => raw.includes('"hello"'))!) as { locale?: string };

it.each([
  ['fr', undefined, undefined],
  ['fr', 'fr-FR', undefined],
  ['fr', 'zh-HK', 'zh-HK'],
  ['zh-CN', undefined, 'zh-CN'],
  ['en-GB', undefined, 'en'],
])('on a page in %s with data-locale %s, says hello with locale %s', (lang, locale, sent) => {
  vi.stubGlobal('WebSocket', TestSocket);
  document.documentElement.lang = lang;
  const app = mount(testHost({ locale }));
  expect(hello(opened(app)).locale).toBe(sent);
  app.destroy();
});

it('drops the locale when the page switches to a language the widget does not speak', () => {
  vi.stubGlobal('WebSocket', TestSocket);
  const app = mount(testHost({ locale: 'en' }));
  app.run(['locale', 'fr']);
  expect(hello(opened(app)).locale).toBeUndefined();
  app.destroy();
});
