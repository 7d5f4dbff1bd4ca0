/** What the attack harness (hub-process.ts) and the hub process (hub-child.ts) say to each other. */

/** Plug-in behaviours the child can wire in by name (functions do not cross a process boundary). */
export interface ChildPlugins {
  /** 'stall': agent sign-in never answers. */
  authenticateAgent?: 'stall';
  /** 'stall': the merchant's identity check never answers. */
  verifyIdentity?: 'stall';
  /** 'echo': the bot answers "You asked: <the question>" (a merchant's bot that repeats the shopper). */
  answer?: 'echo';
  /** 'returns': a self-service return, offered after an after-sale question, for any order id. */
  actions?: 'returns';
  /** 'folder': photos are taken, kept in a temporary folder the harness removes when the hub closes. */
  images?: 'folder';
  /** 'faq': a knowledge base of one entry, kept in memory, that the API can import into and the bot answers from. */
  knowledgeBase?: 'faq';
}

export interface ChildConfig {
  /** JSON-serialisable hub options. */
  options: Record<string, unknown>;
  plugins?: ChildPlugins;
  store?: 'memory' | 'postgres';
  postgresUrl?: string;
  schema?: string;
  /** The photos' folder, made and removed by the harness (so a hub killed mid-attack leaves none). */
  imageDir?: string;
}

export type ChildCommand =
  | { cmd: 'stats'; gc?: boolean; resetLoop?: boolean }
  | { cmd: 'admin'; method: string; args: unknown[] }
  | { cmd: 'heapIncludes'; encoded: string[] }
  | { cmd: 'close' };

export type ChildRequest = { id: number } & ChildCommand;

export type ChildReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });

/** The hub process's memory and event loop. */
export interface HubStats {
  rss: number;
  heapUsed: number;
  external: number;
  /** Longest event-loop delay since the last reset, in ms. */
  maxLoopDelayMs: number;
  p99LoopDelayMs: number;
  /** Files of the photos' folder (`images: 'folder'`) the hub holds open now; null without one or without /proc. */
  openImageFiles: number | null;
  /** TCP connections the hub process holds open now (its listening socket included); null without /proc. */
  openSockets: number | null;
  /** CPU time the hub process has used since it started (user and system), in ms. */
  cpuMs: number;
}
