import { describe, expect, it, vi } from 'vitest';
import { createEmitter } from './emitter.ts';

type Events = { message: string; count: number };

describe('createEmitter', () => {
  it('delivers a payload to every listener of that event only', () => {
    const e = createEmitter<Events>();
    const a = vi.fn();
    const b = vi.fn();
    const other = vi.fn();
    e.on('message', a);
    e.on('message', b);
    e.on('count', other);
    e.emit('message', 'hi');
    expect(a).toHaveBeenCalledWith('hi');
    expect(b).toHaveBeenCalledWith('hi');
    expect(other).not.toHaveBeenCalled();
  });

  it('stops delivering after the returned unsubscribe or off()', () => {
    const e = createEmitter<Events>();
    const a = vi.fn();
    const b = vi.fn();
    const offA = e.on('message', a);
    e.on('message', b);
    offA();
    e.off('message', b);
    e.emit('message', 'hi');
    expect(a).not.toHaveBeenCalled();
    expect(b).not.toHaveBeenCalled();
    expect(e.listenerCount('message')).toBe(0);
  });

  it('counts a listener added twice once, since listeners are a set', () => {
    const e = createEmitter<Events>();
    const a = vi.fn();
    e.on('count', a);
    e.on('count', a);
    expect(e.listenerCount('count')).toBe(1);
    e.emit('count', 1);
    expect(a).toHaveBeenCalledTimes(1);
  });

  it('emitting an event nobody listens to is a no-op', () => {
    const e = createEmitter<Events>();
    expect(() => e.emit('message', 'nobody')).not.toThrow();
    expect(e.listenerCount('message')).toBe(0);
  });

  it('reports a throwing listener and still calls the others', () => {
    const onListenerError = vi.fn();
    const e = createEmitter<Events>(onListenerError);
    const boom = new Error('listener bug');
    const after = vi.fn();
    e.on('message', () => {
      throw boom;
    });
    e.on('message', after);
    expect(() => e.emit('message', 'hi')).not.toThrow();
    expect(onListenerError).toHaveBeenCalledWith(boom);
    expect(after).toHaveBeenCalledWith('hi');
  });

  it('rethrows a listener error asynchronously by default, never from emit()', async () => {
    const e = createEmitter<Events>();
    e.on('message', () => {
      throw new Error('late');
    });
    // The default handler throws inside a microtask; catch it there instead of failing the run.
    const queued: Array<() => void> = [];
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) => void queued.push(fn));
    try {
      expect(() => e.emit('message', 'hi')).not.toThrow();
    } finally {
      spy.mockRestore();
    }
    expect(queued).toHaveLength(1);
    expect(() => queued[0]!()).toThrow('late');
  });

  it('does not call a listener added while an event is being emitted for that same event', () => {
    const e = createEmitter<Events>();
    const late = vi.fn();
    e.on('message', () => e.on('message', late));
    e.emit('message', 'first');
    expect(late).not.toHaveBeenCalled();
    e.emit('message', 'second');
    expect(late).toHaveBeenCalledWith('second');
  });

  // (`const { on } = client`, or passed as a callback) returns an unsubscribe that throws
  // "Cannot read properties of undefined (reading 'off')" (emitter.ts:28).
  it('returns a working unsubscribe even when `on` is called detached from the emitter', () => {
    const { on, listenerCount } = createEmitter<Events>();
    const off = on('message', () => {});
    off();
    expect(listenerCount('message')).toBe(0);
  });
});
