import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { type HubProcess, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (2026-12-07, fourth outside pass): a frame cost the hub by its shape, not its size. A
// 64 KB frame of one object of 8,000 keys took ~30 ms to parse and refuse, one of an array of
// 32,000 numbers ~11 ms, where 64 KB of text takes under 1 ms. 40 sockets of one address sending
// them at their frame budget (all refused, `invalid_frame`, sockets kept) held another shopper's
// ping 1.6 s at the median and 28 s at worst on `pnpm demo`; a connection's first frame, before
// any sign-in, cost the same; and so did arrays nested 32,000 deep (~5 ms each to parse: 30 sockets held
// the ping 6.3 s at the median). A frame is now measured before it is parsed: more values than any
// client frame has (1,024 from a shopper or before the hello, 8,192 from a signed-in agent), an
// object of more than 64 keys or nesting past 32 is refused as `invalid_frame` unparsed.

const FRAME_CHARS = 64 * 1024 - 200;
const SOCKETS = 5;
/** The frame burst (30), less the hello and the ping after each socket's frames. */
const FRAMES_PER_SOCKET = 25;

function wideObject(): string {
  const keys: string[] = [];
  for (let i = 0, size = 40; size < FRAME_CHARS; i++) {
    const key = `"k${i.toString(36)}":1`;
    keys.push(key);
    size += key.length + 1;
  }
  return `{${keys.join(',')}}`;
}
/** A ping whose `t` (a number) is something else: every one is refused, `invalid_frame`. */
const ping = (t: string) => `{"v":1,"type":"ping","id":"x","t":${t}}`;
const SHAPES = {
  text: ping(JSON.stringify('x'.repeat(FRAME_CHARS))),
  keys: ping(wideObject()),
  objects: ping(`[${'{},'.repeat(FRAME_CHARS / 3)}{}]`),
  deep: ping(`${'['.repeat(FRAME_CHARS / 2)}${']'.repeat(FRAME_CHARS / 2)}`),
};

/** The hub's CPU time per frame for FRAMES_PER_SOCKET frames on each of SOCKETS shoppers' sockets, in ms. */
async function cpuPerFrame(hub: HubProcess, frame: string, tag: string): Promise<number> {
  const sockets = await Promise.all(
    Array.from({ length: SOCKETS }, async (_, i) => {
      const s = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
      s.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: `dense-${tag}-${i}` });
      await s.next('welcome');
      return s;
    }),
  );
  const before = await hub.stats();
  for (const s of sockets) for (let i = 0; i < FRAMES_PER_SOCKET; i++) s.send(frame);
  for (const [i, s] of sockets.entries()) {
    s.send({ v: 1, type: 'ping', id: `p${i}` });
    await until(() => s.frames.some((f) => f.re === `p${i}`), 'the pong after the frames', 60_000);
  }
  const after = await hub.stats();
  for (const s of sockets) {
    expect(s.frames.filter((f) => f.type === 'error' && f.code === 'invalid_frame')).toHaveLength(
      FRAMES_PER_SOCKET,
    );
    expect(s.closed).toBeUndefined();
    s.ws.close();
  }
  return (after.cpuMs - before.cpuMs) / (SOCKETS * FRAMES_PER_SOCKET);
}

describe('frames dense in values', () => {
  it('cost the hub about what a frame of text of the same size costs, and are refused on sockets that stay open', async () => {
    const hub = await startHubProcess({ options: { limits: { maxConnectionsPerShopper: 5 } } });
    const text = await cpuPerFrame(hub, SHAPES.text, 'text');
    const keys = await cpuPerFrame(hub, SHAPES.keys, 'keys');
    const objects = await cpuPerFrame(hub, SHAPES.objects, 'objects');
    const deep = await cpuPerFrame(hub, SHAPES.deep, 'deep');
    // CPU time, not wall time. Before the fix the keys cost 4-5 times the text here (the harness logs
    // every refusal at debug level, a cost all three share; `pnpm demo` at warn: 30 times).
    expect(keys / text).toBeLessThan(2);
    expect(objects / text).toBeLessThan(2);
    expect(deep / text).toBeLessThan(2);
  }, 120_000);

  it('are refused unparsed as a first frame too, closing the connection as a bad hello', async () => {
    const hub = await startHubProcess();
    const s = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    s.send(SHAPES.keys);
    expect(await s.waitClosed()).toMatchObject({ code: 4400 });
    expect(s.frames[0]).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(String(s.frames[0]!.message)).toMatch(/first frame must be a valid hello: .*more than 64 keys/);
  });
});
