import { afterEach, describe, expect, it } from 'vitest';
import { createJsonLogger, MAX_LOG_VALUE_LENGTH } from '../logger.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { agent, rawSocket, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';
import { signIdentity } from './identity.ts';

describe('the hub keeps message text and personal data out of its logs', () => {
  let hub: Hub | undefined;
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  it('logs a whole conversation without the text, phone or e-mail at info level or above', async () => {
    const lines: string[] = [];
    const started = await startHub({
      logger: createJsonLogger({ level: 'debug', write: (l) => lines.push(l) }),
    });
    hub = started.hub;
    const phone = '13912345678';
    const email = 'zhang.wei@example.com';
    const sentence = 'The blue jacket I ordered last week arrived with a torn sleeve';
    // The agent is online first, so the escalation finds someone rather than opening a ticket.
    const a = agent(started.url);
    await a.connect();
    const s = shopper(started.url, { locale: 'en' });
    s.connect();
    await until(() => s.status === 'open', 'shopper welcome');
    s.send(`my phone is ${phone}`);
    s.send(`write to me at ${email}`);
    s.send(sentence);
    await until(() => s.outbox.length === 0, 'all three messages stored');
    await until(() => s.state?.status === 'queued' || s.state?.status === 'assigned', 'handed to a human');
    const c =
      s.state?.status === 'queued' ? await a.accept(s.conversationId!) : await a.join(s.conversationId!);
    await a.send(c.id, `Sorry about the sleeve, we will call ${phone}`);
    await until(() => s.messages.some((m) => m.author.kind === 'agent'), 'agent reply at the shopper');
    await a.close(c.id, 'refund');
    await until(() => s.state?.status === 'closed', 'closed');
    s.close();
    a.disconnect();
    await hub.close();
    hub = undefined;

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The check is only meaningful if the hub did log this conversation.
    expect(parsed.map((l) => l.event)).toEqual(
      expect.arrayContaining(['conversation.created', 'conversation.assigned']),
    );
    const atInfoOrAbove = lines.filter((_, i) => parsed[i]!.level !== 'debug');
    for (const line of atInfoOrAbove) {
      expect(line).not.toContain(phone);
      expect(line).not.toContain(email);
      expect(line).not.toContain('torn sleeve');
      expect(line).not.toContain('blue jacket');
    }
  });

  it('logs a hello for a site the hub does not serve (a typo in data-site), which the widget only shows as "cannot connect"', async () => {
    const lines: string[] = [];
    const started = await startHub({ logger: createJsonLogger({ write: (l) => lines.push(l) }) });
    hub = started.hub;
    const socket = await rawSocket(`${started.url}/?site=teashop`, 'http://localhost:5173');
    await until(() => socket.closed !== undefined, 'the refused socket closed');
    const refused = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.event === 'connection.site_unknown');
    expect(refused).toMatchObject({ level: 'warn', site: 'teashop', origin: 'http://localhost:5173' });
  });

  it('logs why an identity token was refused (a replay), which the widget only shows as "cannot connect"', async () => {
    const lines: string[] = [];
    const started = await startHub({ logger: createJsonLogger({ write: (l) => lines.push(l) }) });
    hub = started.hub;
    const token = signIdentity({ id: '42', name: 'Zhang Wei' }, 'identity-secret-for-tests', {
      audience: 'shop',
    });
    const first = shopper(started.url, { identity: token });
    first.connect();
    await until(() => first.status === 'open', 'the first use welcomed');
    // The same page served again from a cache: the same, spent token.
    const again = shopper(started.url, { identity: token });
    again.connect();
    await until(() => lines.some((l) => l.includes('identity.refused')), 'the refusal logged');
    const refused = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.event === 'identity.refused');
    expect(refused).toEqual({
      level: 'warn',
      t: expect.any(Number),
      event: 'identity.refused',
      site: 'shop',
      reason: 'identity token was already used (replayed)',
    });
    first.close();
    again.close();
  });

  it("logs an upgrade refused for its path, naming the path asked and the hub's", async () => {
    // A data-hub of wss://chat.example/kefu/ (a trailing slash) against path '/kefu': the widget
    // only says it cannot connect, and the hub said nothing at all.
    const lines: string[] = [];
    const started = await startHub({
      path: '/kefu',
      logger: createJsonLogger({ write: (l) => lines.push(l) }),
    });
    hub = started.hub;
    await expect(rawSocket(`${started.url}/kefu/?site=shop`)).rejects.toThrow(/404/);
    const refused = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.event === 'connection.path_refused');
    expect(refused).toMatchObject({ level: 'warn', path: '/kefu/', expected: '/kefu' });
    // The hub's own path still connects.
    const socket = await rawSocket(`${started.url}/kefu?site=shop`);
    socket.ws.close();
  });

  it('logs a refused 15,000-character Origin cut to the cap', async () => {
    const lines: string[] = [];
    const started = await startHub({ logger: createJsonLogger({ write: (l) => lines.push(l) }) });
    hub = started.hub;
    // Word and dot characters: the run that made the old e-mail pattern backtrack.
    const origin = `http://${'a.'.repeat(7_495)}com`;
    const socket = await rawSocket(`${started.url}/?site=shop`, origin);
    await until(() => socket.closed !== undefined, 'the refused socket closed');
    const refused = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.event === 'connection.origin_refused');
    expect(refused).toMatchObject({
      level: 'warn',
      site: 'shop',
      origin: `${origin.slice(0, MAX_LOG_VALUE_LENGTH)}…[+${origin.length - MAX_LOG_VALUE_LENGTH}]`,
    });
  });
});

describe('the hub keeps an outage from flooding its logs', () => {
  let hub: Hub | undefined;
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  it('writes the first failed frame, then counts the identical ones', async () => {
    const lines: string[] = [];
    const store = createMemoryStore();
    let down = false;
    let failed = 0;
    const started = await startHub({
      logger: createJsonLogger({ write: (l) => lines.push(l) }),
      store: {
        ...store,
        appendMessage: (...args) => {
          if (!down) return store.appendMessage(...args);
          failed++;
          return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
        },
      },
    });
    hub = started.hub;
    const s = shopper(started.url, { locale: 'en' });
    s.connect();
    await until(() => s.status === 'open', 'shopper welcome');
    down = true;
    for (let i = 0; i < 5; i++) s.send(`message ${i}`);
    await until(() => failed >= 5, 'five frames failed');
    await hub.close();
    hub = undefined;

    const faults = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event !== 'hub.closed');
    const written = faults.filter((l) => l.event === 'hub.fault');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ level: 'error', error: 'connect ECONNREFUSED 127.0.0.1:5432' });
    const repeated = faults.filter((l) => l.event === 'hub.fault.repeated');
    expect(repeated).toHaveLength(1);
    expect(repeated[0]).toMatchObject({ where: written[0]!.where, count: failed - 1 });
  });

  it('logs a failing readiness probe once at warn, not every 503 at error', async () => {
    const lines: string[] = [];
    const store = createMemoryStore();
    let down = true;
    const started = await startHub({
      logger: createJsonLogger({ write: (l) => lines.push(l) }),
      store: {
        ...store,
        ready: () =>
          down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : store.ready(),
      },
    });
    hub = started.hub;
    const probe = `${started.url.replace(/^ws/, 'http')}/readyz`;
    for (let i = 0; i < 3; i++) expect((await fetch(probe)).status).toBe(503);
    down = false;
    expect((await fetch(probe)).status).toBe(200);
    expect((await fetch(probe)).status).toBe(200);

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.filter((l) => l.level === 'error')).toEqual([]);
    expect(parsed.filter((l) => l.event === 'hub.unready' || l.event === 'hub.ready')).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'hub.unready',
        store: 'connect ECONNREFUSED 127.0.0.1:5432',
        bus: 'ok',
      }),
      expect.objectContaining({ level: 'warn', event: 'hub.ready', unreadyMs: expect.any(Number) }),
    ]);
  });
});
