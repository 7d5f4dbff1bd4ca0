export * from './bus/bus.ts';
export * from './bus/memory-bus.ts';
export type { Clock } from './clock.ts';
export { systemClock } from './clock.ts';
export * from './hub/create-hub.ts';
export * from './hub/default-plugins.ts';
export type { HubEvents } from './hub/hub-events.ts';
export {
  type AgentConfig,
  DEFAULT_LIMITS,
  type HubLimits,
  type HubOptions,
  type SiteConfig,
} from './hub/hub-options.ts';
export { type ShopperIdentity, signIdentity } from './hub/identity.ts';
export {
  createJsonLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  redact,
  silentLogger,
} from './hub/logger.ts';
export type * from './hub/plugins.ts';
export { defaultIds, type IdGenerator, sequentialIds } from './ids.ts';
export * from './store/memory-store.ts';
export type * from './store/store.ts';
