import { KefuError } from '@kefu/protocol';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KNOWLEDGE_STRINGS } from '../knowledge-strings.ts';
import { STRINGS } from '../strings.ts';
import { createFakeClient, inboxItem, textMessage } from '../testing/fake-client.ts';
import { App } from './app.tsx';

afterEach(cleanup);
const en = STRINGS.en;
const zh = STRINGS.zh;

/** The console of an agent whose token the tab remembers, over `fake`. */
function renderSignedIn(
  fake: ReturnType<typeof createFakeClient>,
  save: (token: string | null) => void = () => {},
) {
  return render(
    <App
      config={{ base: '/console' }}
      page="console"
      lang="en"
      makeClient={() => fake.client}
      session={{ get: () => 'demo-agent', set: save }}
    />,
  );
}

describe('app', () => {
  it('signs in with a token, remembers it for the tab, and switches language', async () => {
    const tokens: string[] = [];
    const saved: (string | null)[] = [];
    render(
      <App
        config={{ base: '/console' }}
        page="console"
        lang="en"
        makeClient={(token) => {
          tokens.push(token);
          return createFakeClient().client;
        }}
        session={{ get: () => null, set: (t) => saved.push(t) }}
      />,
    );
    // A console against the merchant's own hub lists no demo accounts, so it does not point to any.
    expect(document.getElementById('token-help')?.textContent).toBe('Issued by your admin.');
    fireEvent.input(screen.getByLabelText(en.tokenLabel), { target: { value: ' demo-agent-mei ' } });
    fireEvent.click(screen.getByRole('button', { name: en.signIn }));
    await screen.findByRole('tablist', { name: en.inbox });
    expect(tokens).toEqual(['demo-agent-mei']);
    expect(saved).toEqual(['demo-agent-mei']);
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain(en.connection.open);
    fireEvent.click(screen.getByRole('button', { name: en.language }));
    await screen.findByRole('tablist', { name: zh.inbox });
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('asks before signing out with conversations still mine, and stays when the agent cancels', async () => {
    const saved: (string | null)[] = [];
    const fake = createFakeClient();
    renderSignedIn(fake, (t) => saved.push(t));
    await screen.findByRole('tablist', { name: en.inbox });
    const mine = { status: 'assigned' as const, agent: { id: 'mei', name: '小美 Mei' } };
    fake.emit('inbox', [
      inboxItem({ conversationId: 'c1', state: mine }),
      inboxItem({ conversationId: 'c2', state: mine }),
    ]);
    fireEvent.click(screen.getByRole('button', { name: en.signOut }));
    const dialog = await screen.findByRole('dialog', { name: en.signOutOpenTitle(2) });
    // Not inside the top bar, whose white text would be the dialog's too.
    expect(dialog.closest('header')).toBeNull();
    expect(dialog.textContent).toContain(en.signOutOpenBody);
    fireEvent.click(within(dialog).getByRole('button', { name: en.cancel }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.calls.some((c) => c.method === 'disconnect')).toBe(false);
    expect(saved).not.toContain(null);
    fireEvent.click(screen.getByRole('button', { name: en.signOut }));
    fireEvent.click(
      within(await screen.findByRole('dialog', { name: en.signOutOpenTitle(2) })).getByRole('button', {
        name: en.confirm,
      }),
    );
    await screen.findByLabelText(en.tokenLabel);
    expect(fake.calls.some((c) => c.method === 'disconnect')).toBe(true);
    expect(saved.at(-1)).toBeNull();
  });

  it('says why sign-in failed and stays on the form', async () => {
    render(
      <App
        config={{ base: '/console', demoTokens: [{ name: 'Mei', token: 'bad' }] }}
        page="console"
        lang="en"
        makeClient={() => {
          const fake = createFakeClient();
          fake.client.connect = () => Promise.reject(new Error('unknown agent token'));
          return fake.client;
        }}
      />,
    );
    expect(document.getElementById('token-help')?.textContent).toBe(en.tokenHelpDemo);
    fireEvent.click(screen.getByRole('button', { name: 'Mei' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(en.signInFailed('unknown agent token')),
    );
    expect(screen.getByLabelText(en.tokenLabel)).toBeTruthy();
  });

  it('says why a sign-in was refused in Chinese on a Chinese console, not in the hub’s English', async () => {
    render(
      <App
        config={{ base: '/console', demoTokens: [{ name: 'Mei', token: 'bad' }] }}
        page="console"
        lang="zh"
        makeClient={() => {
          const fake = createFakeClient();
          fake.client.connect = () => Promise.reject(new KefuError('unauthorized', 'unknown agent token'));
          return fake.client;
        }}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Mei' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(zh.signInFailed(zh.actionRefused.unauthorized!)),
    );
  });

  it('says an agent profile the hub refuses must be fixed by the admin, not to try later', async () => {
    const reason = 'your agent profile cannot be used: name must be 1-100 characters';
    render(
      <App
        config={{ base: '/console', demoTokens: [{ name: 'Mei', token: 'demo-agent-mei' }] }}
        page="console"
        lang="en"
        makeClient={() => {
          const fake = createFakeClient();
          fake.client.connect = () => Promise.reject(new KefuError('plugin_failed', reason));
          return fake.client;
        }}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Mei' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(en.signInFailed(en.accountRefused(reason))),
    );
  });

  it('tells an agent the hub refused their reconnect for good, and signs in again with the same token', async () => {
    const tokens: string[] = [];
    const fakes: ReturnType<typeof createFakeClient>[] = [];
    render(
      <App
        config={{ base: '/console', demoTokens: [{ name: 'Mei', token: 'demo-agent-mei' }] }}
        page="console"
        lang="zh"
        makeClient={(token) => {
          tokens.push(token);
          const fake = createFakeClient();
          fakes.push(fake);
          return fake.client;
        }}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Mei' }));
    await screen.findByRole('tablist', { name: zh.inbox });
    const reason = 'your agent profile cannot be used: name must be 1-100 characters';
    // What the agent client emits when the hub refuses its hello on a reconnect as not retryable.
    fakes[0]!.emit('error', { code: 'plugin_failed', message: reason, retryable: false });
    fakes[0]!.emit('connection', { status: 'failed', reason: `plugin_failed: ${reason}` });
    const stopped = await waitFor(() => {
      const alert = document.querySelector('.flash.stopped');
      if (!alert) throw new Error('no notice yet');
      return alert;
    });
    expect(stopped.textContent).toContain(zh.stoppedFor(zh.accountRefused(reason)));
    // Only that notice: not also the refusal's "plug-in failed, try later".
    expect([...document.querySelectorAll('.flash')]).toEqual([stopped]);
    fireEvent.click(screen.getByRole('button', { name: zh.signInAgain }));
    await screen.findByRole('tablist', { name: zh.inbox });
    expect(tokens).toEqual(['demo-agent-mei', 'demo-agent-mei']);
    expect(document.querySelector('.flash.stopped')).toBeNull();
  });

  it('shows supervisors the dashboard link, and the dashboard page', async () => {
    render(
      <App
        config={{ base: '/console' }}
        page="dashboard"
        lang="en"
        makeClient={() => createFakeClient({ profile: { supervisor: true } }).client}
        session={{ get: () => 'demo-supervisor', set: () => {} }}
      />,
    );
    await screen.findByRole('heading', { name: en.dashboardTitle, level: 1 });
    expect(screen.getByRole('link', { name: en.dashboard }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(screen.getByRole('link', { name: en.console }));
    await screen.findByRole('tablist', { name: en.inbox });
  });

  it('shows supervisors the knowledge page, and agents no way to it', async () => {
    const navigated: string[] = [];
    render(
      <App
        config={{ base: '/console' }}
        page="console"
        lang="en"
        makeClient={() => createFakeClient({ profile: { supervisor: true } }).client}
        session={{ get: () => 'demo-supervisor', set: () => {} }}
        onNavigate={(page) => navigated.push(page)}
      />,
    );
    fireEvent.click(await screen.findByRole('link', { name: KNOWLEDGE_STRINGS.en.nav }));
    await screen.findByRole('heading', { name: KNOWLEDGE_STRINGS.en.title, level: 1 });
    expect(navigated).toEqual(['knowledge']);
    cleanup();
    render(
      <App
        config={{ base: '/console' }}
        page="knowledge"
        lang="en"
        makeClient={() => createFakeClient().client}
        session={{ get: () => 'demo-agent', set: () => {} }}
      />,
    );
    await screen.findByRole('tablist', { name: en.inbox });
    expect(screen.queryByRole('link', { name: KNOWLEDGE_STRINGS.en.nav })).toBeNull();
  });

  it('says the hub cannot be reached while signing in, and signs in by itself once it answers', async () => {
    const fake = createFakeClient();
    const connect = fake.client.connect;
    let hubUp = () => {};
    // The hub is down: the client's first attempt fails and it keeps trying, connect() unsettled.
    fake.client.connect = () => {
      fake.emit('connection', { status: 'connecting' });
      fake.emit('connection', { status: 'reconnecting', code: 1006 });
      return new Promise<void>((resolve) => {
        hubUp = () => void connect().then(resolve);
      });
    };
    render(
      <App
        config={{ base: '/console', demoTokens: [{ name: 'Mei', token: 'demo-agent-mei' }] }}
        page="console"
        lang="en"
        hubUrl="wss://hub.shop.example/kefu"
        makeClient={() => fake.client}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Mei' }));
    await waitFor(() =>
      expect(document.querySelector('main.sign-in .waiting')?.textContent).toBe(
        en.hubUnreachable('hub.shop.example'),
      ),
    );
    expect(document.querySelector('header.top [role=status]')?.textContent).toBe(en.connection.reconnecting);
    expect(screen.queryByRole('alert')).toBeNull();
    hubUp();
    await screen.findByRole('tablist', { name: en.inbox });
    expect(document.querySelector('header.top [role=status]')?.textContent).toBe(en.connection.open);
  });

  it('says the hub is refusing sign-ins for now, not that it cannot be reached, when it closed with a reason', async () => {
    const fake = createFakeClient();
    fake.client.connect = () => {
      fake.emit('connection', {
        status: 'reconnecting',
        code: 4429,
        reason: 'rate_limited: too many sign-ins from this address; retry later',
      });
      return new Promise<void>(() => {});
    };
    render(
      <App
        config={{ base: '/console', demoTokens: [{ name: 'Mei', token: 'demo-agent-mei' }] }}
        page="console"
        lang="zh"
        makeClient={() => fake.client}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Mei' }));
    await waitFor(() =>
      expect(document.querySelector('main.sign-in .waiting')?.textContent).toBe(
        zh.hubRefusing(zh.actionRefused.rate_limited!),
      ),
    );
    // The next attempt cannot connect at all: now it is out of reach.
    fake.emit('connection', { status: 'reconnecting', code: 1006, reason: '' });
    await waitFor(() =>
      expect(document.querySelector('main.sign-in .waiting')?.textContent).toBe(
        zh.hubUnreachable(location.host),
      ),
    );
  });

  it('tries a waiting sign-in again when the network is back, and gives it up when the agent cancels, with no error', async () => {
    const fake = createFakeClient();
    fake.client.connect = () => {
      fake.emit('connection', { status: 'reconnecting', code: 1006 });
      return new Promise<void>((_resolve, reject) => {
        fake.client.disconnect = () => reject(new KefuError('internal', 'disconnected'));
      });
    };
    render(
      <App
        config={{ base: '/console', demoTokens: [{ name: 'Mei', token: 'demo-agent-mei' }] }}
        page="console"
        lang="en"
        makeClient={() => fake.client}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Mei' }));
    // The network back while it waits: the client is told to try at once.
    await waitFor(() => {
      dispatchEvent(new Event('online'));
      expect(fake.calls.some((c) => c.method === 'checkConnection')).toBe(true);
    });
    fireEvent.click(await screen.findByRole('button', { name: en.cancelSignIn }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Mei' }).hasAttribute('disabled')).toBe(false),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.querySelector('main.sign-in .waiting')?.textContent).toBe('');
    expect(document.querySelector('header.top [role=status]')?.textContent).toBe(en.connection.idle);
  });

  it('names the page once, not again on every inbox update (one per shopper message)', async () => {
    const fake = createFakeClient();
    renderSignedIn(fake);
    await screen.findByRole('tablist', { name: en.inbox });
    await waitFor(() => expect(document.title).toBe(`${en.appTitle} · Kefu`));
    const titled = vi.spyOn(document, 'title', 'set');
    for (let i = 0; i < 10; i++) {
      fake.emit('inbox', [inboxItem({ conversationId: 'c1', priority: i })]);
      await new Promise((r) => setTimeout(r, 0));
    }
    await waitFor(() =>
      expect(document.getElementById('inbox-tab-queued')?.textContent).toBe(`${en.tabQueued} 1`),
    );
    // The app drew itself (and the whole desk) again for each one, and set the title each time.
    expect(titled).not.toHaveBeenCalled();
    titled.mockRestore();
  });

  it('says a new conversation in the queue to a screen reader, which hears no chime', async () => {
    const fake = createFakeClient();
    renderSignedIn(fake);
    await screen.findByRole('tablist', { name: en.inbox });
    fake.emit('inbox', []);
    fake.emit('inbox', [
      inboxItem({ conversationId: 'c1', shopper: { id: 's1', name: 'Ann', identified: true } }),
    ]);
    await waitFor(() =>
      expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain(`${en.newConversation}: Ann`),
    );
  });

  it('asks the hub for a word when the page is shown again or the network comes back', async () => {
    const fake = createFakeClient();
    renderSignedIn(fake);
    await screen.findByRole('tablist', { name: en.inbox });
    const checks = () => fake.calls.filter((c) => c.method === 'checkConnection').length;
    expect(checks()).toBe(0);
    // The listeners are added by an effect, which runs after the render.
    await waitFor(() => {
      document.dispatchEvent(new Event('visibilitychange'));
      expect(checks()).toBe(1);
    });
    dispatchEvent(new Event('online'));
    expect(checks()).toBe(2);
  });

  it('leaves what the shopper writes unread while the page is hidden, and marks it read once it is shown', async () => {
    const fake = createFakeClient();
    const mine = { status: 'assigned' as const, agent: { id: 'mei', name: 'Mei' } };
    fake.emit('inbox', [inboxItem({ conversationId: 'c1', state: mine })]);
    const shown = vi.spyOn(document, 'visibilityState', 'get');
    try {
      // The console is in a background tab: the agent is in the shop's order system.
      shown.mockReturnValue('hidden');
      renderSignedIn(fake);
      await waitFor(() => expect(document.getElementById('conversation-pane')).not.toBeNull());
      const reads = () => fake.calls.filter((c) => c.method === 'markRead').map((c) => c.args);
      fake.emit('message', { conversationId: 'c1', message: textMessage('c1', 1, 'shopper', 'anyone?') });
      await waitFor(() =>
        expect(document.querySelector('.conv-tab .unread')?.getAttribute('data-unread')).toBe('1'),
      );
      expect(reads()).toEqual([]);
      // Back to the console's tab: the message is read.
      shown.mockReturnValue('visible');
      await waitFor(() => {
        document.dispatchEvent(new Event('visibilitychange'));
        expect(document.querySelector('.conv-tab .unread')).toBeNull();
      });
      expect(reads()).toEqual([['c1', 1]]);
    } finally {
      shown.mockRestore();
    }
  });
});
