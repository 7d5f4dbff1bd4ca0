import type { WebSocketLike } from '@kefu/sdk/client/light';
import { act } from '@testing-library/preact';
import type { KefuOptions, WidgetApp, WidgetHost } from '../../types.ts';

/**
 * The page's WebSocket in tests of the mounted app (`vi.stubGlobal('WebSocket', TestSocket)`):
 * records what the widget sends, and takes the hub's frames from the test (`receive`).
 */
export class TestSocket implements WebSocketLike {
  static last: TestSocket | undefined;
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(_url: string) {
    TestSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  receive(frame: object): void {
    act(() => this.onmessage?.({ data: JSON.stringify(frame) }));
  }
}

/** A shadow-root host on the page, as the loader makes it (site `shop`, English unless `options` say). */
export function testHost(options: Partial<KefuOptions> = { locale: 'en' }): WidgetHost {
  const holder = document.createElement('div');
  document.body.append(holder);
  const launcher = document.createElement('button');
  // The loader's chat icon, which the app copies for its close icon.
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.append(document.createElementNS('http://www.w3.org/2000/svg', 'path'));
  launcher.append(svg);
  return {
    root: holder.attachShadow({ mode: 'open' }),
    launcher,
    options: {
      site: 'shop',
      hub: 'ws://hub.test/kefu',
      position: 'right',
      zIndex: 1,
      load: 'eager',
      ...options,
    },
    addStyles: () => {},
    lift: () => {},
  };
}

/** Opens the panel and the socket it connects. */
export function opened(app: WidgetApp): TestSocket {
  app.run(['open']);
  const socket = TestSocket.last!;
  socket.readyState = 1;
  act(() => socket.onopen?.({}));
  return socket;
}
