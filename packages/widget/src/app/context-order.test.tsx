import { afterEach, expect, it, vi } from 'vitest';
import { mount } from './mount.tsx';
import { opened, TestSocket, testHost } from './testing/test-socket.ts';

// A page that knows only which order it shows passes its id (`setContext({ order: { id } })`),
// as README's `ctx.page.orderId` invites: the hub gets the id, and the panel has no status to
// show. It drew "Order KF1 · undefined" above the messages.

const welcome = {
  v: 1,
  type: 'welcome',
  conversation: { id: 'c_1', state: { status: 'bot' }, createdAt: 0, lastSeq: 0 },
  shopper: { id: 's_1', identified: false },
  session: 'sess_1',
  limits: { maxFrameBytes: 65_536, maxTextChars: 4000, maxQuickReplies: 10, maxHistoryPage: 100 },
  heartbeatMs: 25_000,
  agentReadSeq: 0,
};

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
  localStorage.clear();
});

it('sends an order given by its id alone, and draws its card once an order line says where it is', async () => {
  vi.stubGlobal('WebSocket', TestSocket);
  const host = testHost();
  const app = mount(host);
  app.run(['setContext', { order: { id: 'KF1' } }]);
  const socket = opened(app);
  socket.receive(welcome);
  await vi.waitFor(() => host.root.querySelector('textarea') ?? Promise.reject('no panel yet'));
  const hello = JSON.parse(socket.sent.find((raw) => raw.includes('"hello"'))!);
  expect(hello.page.orderId).toBe('KF1');
  expect(host.root.querySelector('.ctx-order')).toBeNull();
  expect(host.root.textContent).not.toContain('undefined');

  // A notice about that order (hub.notify, an agent's order card) fills the card in.
  const order = { id: 'KF1', status: 'shipped', events: [{ status: 'shipped', at: 1 }] };
  socket.receive({
    v: 1,
    type: 'message',
    message: {
      seq: 1,
      id: 'm_1',
      conversationId: 'c_1',
      author: { kind: 'bot', name: 'Kefu' },
      createdAt: 1,
      content: { kind: 'order', order },
    },
  });
  const summary = await vi.waitFor(
    () => host.root.querySelector('.ctx-order summary') ?? Promise.reject('no card yet'),
  );
  expect(summary.textContent).toBe('Order KF1 · Shipped');
  app.destroy();
});

it('draws no card for an order whose status Kefu does not know, and one for a known status', async () => {
  vi.stubGlobal('WebSocket', TestSocket);
  const host = testHost();
  const app = mount(host);
  app.run(['setContext', { order: { id: 'KF2', status: 'refunding', events: [] } }]);
  opened(app).receive(welcome);
  await vi.waitFor(() => host.root.querySelector('textarea') ?? Promise.reject('no panel yet'));
  expect(host.root.querySelector('.ctx-order')).toBeNull();
  app.run(['setContext', { order: { id: 'KF2', status: 'paid', events: [] } }]);
  const summary = await vi.waitFor(
    () => host.root.querySelector('.ctx-order summary') ?? Promise.reject('no card yet'),
  );
  expect(summary.textContent).toBe('Order KF2 · Paid');
  app.destroy();
});
