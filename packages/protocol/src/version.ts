/**
 * The wire protocol's version, carried as `v` on every frame.
 * v1 — first release: shopper and agent frames, content kinds, error codes.
 */
export const PROTOCOL_VERSION = 1 as const;
export type ProtocolVersion = typeof PROTOCOL_VERSION;
