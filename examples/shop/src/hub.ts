import {
  type AgentConfig,
  createHub,
  createJsonLogger,
  type Hub,
  type HubOptions,
  type Store,
} from '@kefu/sdk';

/** The demo's agents. Sign in on the agent page with one of these tokens. */
export const DEMO_AGENTS: AgentConfig[] = [
  { id: 'mei', name: '小美 Mei', token: 'demo-agent-mei', groups: ['default'] },
  { id: 'lei', name: '李雷 Lei', token: 'demo-agent-lei', groups: ['default'] },
];

export interface DemoHubOptions {
  /** Page origins allowed to embed the widget. */
  origins: string[];
  /** Keep conversations across a hub restart (tests pass one store to two hubs); default: a new memory store. */
  store?: Store;
  /** Signs session tokens; pass the same one across restarts so shoppers resume as themselves. */
  secret?: string;
  /** Anything else a later step plugs in (the FAQ bot, a persistent store, routing). */
  extra?: Partial<HubOptions>;
}

/**
 * The demo's hub, in one place so the FAQ bot, a persistent store or routing are one line each.
 * @example
 * const hub = createDemoHub({ origins: ['http://127.0.0.1:5173'] });
 * hub.attach(server);
 */
export function createDemoHub(options: DemoHubOptions): Hub {
  return createHub({
    sites: [{ key: 'demo', name: 'Kefu Demo Shop', origins: options.origins }],
    agents: DEMO_AGENTS,
    path: '/kefu',
    botName: '小客 Kefu',
    logger: createJsonLogger({ level: process.env.KEFU_LOG === 'debug' ? 'debug' : 'warn' }),
    ...(options.store ? { store: options.store } : {}),
    ...(options.secret ? { secret: options.secret } : {}),
    ...options.extra,
  });
}
