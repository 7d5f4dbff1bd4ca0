import { fireEvent } from '@testing-library/preact';
import { afterEach, expect, it, vi } from 'vitest';
import { mount } from './mount.tsx';
import { opened, TestSocket, testHost } from './testing/test-socket.ts';

// Finding (QA as a shopper, 2026-12-05): text typed and not sent survived closing the panel, but
// not a reload of the page. It now lives in the tab's sessionStorage, per site, until it is sent.

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
  localStorage.clear();
  sessionStorage.clear();
});

/** The page loaded (again): the app mounted and opened, with its composer drawn. */
async function load(site = 'shop') {
  const host = testHost({ site, locale: 'en' });
  const app = mount(host);
  opened(app);
  const textarea = await vi.waitFor(
    () => host.root.querySelector('textarea') ?? Promise.reject(new Error('no composer yet')),
  );
  return { app, root: host.root, textarea };
}

it('gives back the unsent text after a reload, and forgets it once sent', async () => {
  vi.stubGlobal('WebSocket', TestSocket);
  const first = await load();
  fireEvent.input(first.textarea, { target: { value: 'my address is 5 Elm St' } });
  first.app.destroy();

  const second = await load();
  expect(second.textarea.value).toBe('my address is 5 Elm St');
  // Another shop on the same origin has a draft of its own.
  const other = await load('other-shop');
  expect(other.textarea.value).toBe('');
  other.app.destroy();
  // Sent (queued until the hub welcomes the widget): out of the box, into the transcript.
  fireEvent.keyDown(second.textarea, { key: 'Enter' });
  expect(second.textarea.value).toBe('');
  expect(second.root.querySelector('.log')?.textContent).toContain('my address is 5 Elm St');
  second.app.destroy();

  const third = await load();
  expect(third.textarea.value).toBe('');
  third.app.destroy();
});

it('keeps working where the page refuses storage', async () => {
  vi.stubGlobal('WebSocket', TestSocket);
  const refuse = () => {
    throw new DOMException('denied', 'SecurityError');
  };
  vi.spyOn(Storage.prototype, 'getItem').mockImplementation(refuse);
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(refuse);
  try {
    const { app, textarea } = await load();
    fireEvent.input(textarea, { target: { value: 'hello' } });
    expect(textarea.value).toBe('hello');
    app.destroy();
  } finally {
    vi.restoreAllMocks();
  }
});
