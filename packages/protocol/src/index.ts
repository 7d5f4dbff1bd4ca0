export * from './agent-frames.ts';
export * from './codec.ts';
export * from './content.ts';
export * from './conversation.ts';
export * from './errors.ts';
export * from './limits.ts';
export * from './shopper-frames.ts';
export * from './version.ts';
