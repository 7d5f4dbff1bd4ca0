/**
 * The console's browser entry: reads the server's config, connects to the hub with the agent
 * client, and renders the app into the page.
 */
import { createAgentClient } from '@kefu/sdk/agent';
import { render } from 'preact';
import { browserAttention } from './attention.ts';
import { App } from './components/app.tsx';
import type { Page } from './components/app-types.ts';
import { CONFIG_ELEMENT_ID, type ConsoleConfig, resolveHubUrl } from './console-config.ts';
import { pickLang } from './strings.ts';

const config: ConsoleConfig = JSON.parse(document.getElementById(CONFIG_ELEMENT_ID)?.textContent ?? '{}');
config.base ??= '/console';
const hub = resolveHubUrl(location, config);
const base = config.base.replace(/\/$/, '');
const path = location.pathname.replace(/\/$/, '');
const page: Page = path.endsWith('/dashboard')
  ? 'dashboard'
  : path.endsWith('/knowledge')
    ? 'knowledge'
    : 'console';
// Per hub: a token saved for one hub is never offered to another, even one this console lists.
const TOKEN_KEY = `kefu-console-token ${hub.url}`;
const LANG_KEY = 'kefu-console-lang';

const safeStorage = (s: () => Storage) => {
  try {
    return s();
  } catch {
    return undefined; // storage disabled: sign in on every load
  }
};
const session = safeStorage(() => sessionStorage);
const local = safeStorage(() => localStorage);

render(
  <App
    config={config}
    page={page}
    lang={pickLang(location.search, local?.getItem(LANG_KEY) ?? null, navigator.language)}
    attention={browserAttention()}
    {...(hub.ignored ? { hubIgnored: hub.ignored } : {})}
    hubUrl={hub.url}
    makeClient={(token) => createAgentClient({ url: hub.url, token })}
    session={{
      // Per tab and gone when it closes: a token is a credential.
      get: () => session?.getItem(TOKEN_KEY) ?? null,
      set: (token) => (token ? session?.setItem(TOKEN_KEY, token) : session?.removeItem(TOKEN_KEY)),
    }}
    // Per tab and per hub, like the token; gone at sign-out.
    {...(session ? { drafts: { store: session, key: `kefu-console-drafts ${hub.url}` } } : {})}
    fetchMetrics={async () => {
      const res = await fetch(config.metricsUrl ?? '/metrics', { cache: 'no-store' });
      return res.ok ? res.text() : undefined;
    }}
    onNavigate={(next) => {
      history.pushState(
        null,
        '',
        `${next === 'console' ? base || '/' : `${base}/${next}`}${location.search}`,
      );
    }}
    onLang={(lang) => local?.setItem(LANG_KEY, lang)}
  />,
  document.getElementById('app')!,
);
