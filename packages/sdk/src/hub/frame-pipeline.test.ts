import { describe, expect, it } from 'vitest';
import { composeFrameSteps, type FrameStep } from './frame-pipeline.ts';

type Ctx = { log: string[] };

describe('composeFrameSteps', () => {
  it('runs the steps in list order, each around the ones after it', async () => {
    const step =
      (name: string): FrameStep<string, Ctx> =>
      async (frame, ctx, next) => {
        ctx.log.push(`${name}:${frame}`);
        await next();
        ctx.log.push(`${name}:after`);
      };
    const ctx: Ctx = { log: [] };
    await composeFrameSteps([step('a'), step('b'), step('c')])('f', ctx);
    expect(ctx.log).toEqual(['a:f', 'b:f', 'c:f', 'c:after', 'b:after', 'a:after']);
  });

  it('stops the frame at a step that does not call next', async () => {
    const ctx: Ctx = { log: [] };
    const handle = composeFrameSteps<string, Ctx>([
      (frame, c, next) => (frame === 'binary' ? void c.log.push('refused') : next()),
      (frame, c) => void c.log.push(`handled ${frame}`),
    ]);
    await handle('binary', ctx);
    await handle('text', ctx);
    expect(ctx.log).toEqual(['refused', 'handled text']);
  });

  it('lets a step be inserted between others without touching them', async () => {
    const ctx: Ctx = { log: [] };
    const decode: FrameStep<string, Ctx> = (_frame, c, next) => {
      c.log.push('decode');
      return next();
    };
    const dispatch: FrameStep<string, Ctx> = (_frame, c) => void c.log.push('dispatch');
    const abuse: FrameStep<string, Ctx> = (frame, _c, next) => (frame.includes('spam') ? undefined : next());
    const handle = composeFrameSteps([decode, abuse, dispatch]);
    await handle('spam spam', ctx);
    await handle('hello', ctx);
    expect(ctx.log).toEqual(['decode', 'decode', 'dispatch']);
  });

  it('refuses a step that calls next twice, and passes a step’s error to the caller', async () => {
    const twice = composeFrameSteps<string, Ctx>([
      async (_f, _c, next) => {
        await next();
        await next();
      },
    ]);
    await expect(twice('f', { log: [] })).rejects.toThrow('next() more than once');
    const failing = composeFrameSteps<string, Ctx>([
      (_f, _c, next) => next(),
      () => {
        throw new Error('boom');
      },
    ]);
    await expect(failing('f', { log: [] })).rejects.toThrow('boom');
  });
});
