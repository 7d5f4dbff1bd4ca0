/**
 * The wire protocol's version, carried as `v` on every frame.
 * v1 — first release: shopper and agent frames, content kinds, error codes.
 * v1, issue 14 — client text the hub stores refuses U+0000 and lone surrogates (`invalid_frame`):
 *   a security fix within v1 (a NUL in the locale already failed the hello on PostgreSQL).
 * v1, issue 14 — the state sent to shoppers no longer carries `group`, `reason` or `tags` (agents'
 *   own; all three were optional and the widget never read them), and agents act only on what they own.
 */
export const PROTOCOL_VERSION = 1 as const;
export type ProtocolVersion = typeof PROTOCOL_VERSION;
