/**
 * The wire protocol's version, carried as `v` on every frame.
 * v1 — first release: shopper and agent frames, content kinds, error codes.
 * v1, issue 14 — client text the hub stores refuses U+0000 and lone surrogates (`invalid_frame`):
 *   a security fix within v1 (a NUL in the locale already failed the hello on PostgreSQL).
 * v1, issue 14 — the state sent to shoppers no longer carries `group`, `reason` or `tags` (agents'
 *   own; all three were optional and the widget never read them), and agents act only on what they own.
 * v1, issue 17 — an `image` content kind (shoppers and agents send one they uploaded) and
 *   `hello.features`. Still v1: the SDK's zod clients refuse a whole frame with an unknown kind (a
 *   history page with one photo would be lost), so the hub sends `image` content only to a client
 *   whose hello lists `features: ['image']` and shows it to the others as a text line with the
 *   caption and a link. Older hubs drop the unknown `features` field, so newer clients still connect.
 *   `assist.image` (a recognizer's label for a photo) is optional and dropped by older agent clients.
 * v1, issue 17 — `CannedReply.image` (`{ url, alt }`): a picture the console uploads and sends with the
 *   reply. Optional; older agent clients drop it.
 * v1, issue 18 — `Order.shipments` (parcels: what was packed, weight, carrier scans) and `sku` on order
 *   lines, both optional; the hub sends shipments to agents only. Older clients drop them.
 * v1, issue 13 — supervisors' `kb.proposals`, `kb.decide` and `kb.check` requests and their answers:
 *   new frame types only, sent only when asked for, so older clients never see them.
 * v1, issue 13 — `KbProposal.target.answer`: the entry's answer, which the bot gives once the
 *   questions are approved as its alternates. Optional; older clients drop it.
 * v1 — `kb.decide` refuses a `proposalId` that is not `lq_` and id characters and an `entryId` outside
 *   the knowledge base's pattern (`invalid_frame`): no proposal or entry can have one, so no request
 *   that could succeed is refused; still v1.
 * v1 — `alert` says what it is about: `metric`, `dueAt`, `ticketId`, `deadline`, `rate`, `threshold`,
 *   `total`, `note`, so consoles word it in their language. Optional; older clients drop them.
 * v1 — `InboxItem.shopperMessage`: the shopper's last message when the bot or the system spoke after it,
 *   so a waiting conversation's inbox line shows what the shopper asked. Optional; older clients drop it.
 * v1 — `agents.online`: an agent asks who is online (the console's transfer dialog). New frame types
 *   only, answered only when asked, so older clients never see them.
 * v1 — the hub keeps the status an agent chose: `hello.status` applies only when the agent has no status
 *   at the hub (no connection anywhere for longer than the presence grace, or they went offline); the
 *   welcome's `agent.status` is the one taken. A hub → agent `status` frame tells every console of the
 *   agent a change made on another; sent only to clients whose hello lists `features: ['status']`.
 * v1 — `assign`: a supervisor (or an agent whose profile allows it) hands a waiting conversation to an
 *   online colleague. A new agent → hub frame type only, answered by `ok`, sent only by clients that
 *   offer it; an older hub answers `invalid_frame`. `agents.online` items carry optional `active` and
 *   `capacity`, the welcome's agent an optional `mayAssign`; older clients drop them.
 * v1 — the welcome's agent carries an optional `capacity` (conversations they hold at once), so a console
 *   can tell an agent at capacity before the hub refuses their `accept`. Older clients drop it.
 * v1 — every ts is at most `maxTimestamp` (year 9999) and `pending.dueAt` at most `maxFollowUpMs` (a year)
 *   ahead (`invalid_frame`): an agent's follow-up at 2^53 − 1 ms was stored and every console showed
 *   "Invalid Date". No clock reaches either, so no request that could succeed is refused; still v1.
 * v1 — error code `bus_outage` (close 4503): a hub node back on its bus after an outage ends its
 *   connections with it (before, 4509 `slow_consumer`). Sent as the close alone, never as an error
 *   frame: clients older than the code refuse a whole error frame with an unknown code, and
 *   reconnect after any close code they may retry.
 * v1 — supervisors' `kb.entries`, `kb.entry`, `kb.save` and `kb.delete`: the console edits
 *   knowledge-base entries as the HTTP API does. New frame types only, answered only when asked, so
 *   older clients never see them; an older hub answers `invalid_frame`.
 * v1 — error code `timeout` (retryable, no close): raised by the agent client when the hub does not answer
 *   a request within `requestTimeoutMs` (before, `internal`). Never sent by the hub, so older clients,
 *   which refuse an error frame with a code they do not know, never see it.
 * v1 — `error.retryAfterMs`: when trying again can succeed (an agent sign-in the hub throttles), so a
 *   client's reconnect after the 4429 close waits that long. Optional; older clients drop it.
 * v1 — clients accept error codes they do not know: an `error` frame whose code is shaped like one
 *   (`ERROR_CODE_PATTERN`) reads as `internal` when retryable, else `invalid_frame`, keeping its
 *   message, retryable, clientMsgId and retryAfterMs (`readErrorCode`). Before, every client refused
 *   the whole frame (a shopper's message stayed "sending"), so no hub could add a code; a hub still
 *   must not send a new one to clients older than this note. The hub's own frames stay strict.
 * v1 — the shopper welcome's `photos`: whether the hub takes photo uploads, so a widget offers no photo
 *   button where a hub without `images` would refuse every photo (403 `forbidden`). Optional; older
 *   clients drop it, and a client reading a welcome without it offers photos as before.
 * v1 — the agent welcome's `photos`, the same for agents (since 2026-12-07): a console offers no image
 *   to attach where the hub would refuse every upload. Optional, as the shopper's.
 * v1 — `LIMITS.maxNotes` (100, since 2026-12-07): a conversation keeps at most that many notes; past it
 *   a `note`, or a `transfer` or `assign` with a note, is `conflict`. No frame changes; still v1.
 * v1 — the agent welcome's `groups` (since 2026-12-07): the hub's groups, so a console's transfer dialog
 *   offers a team nobody of which is online. Optional; older clients drop it, and a console reading a
 *   welcome without it offers the groups it knew before (its own, its colleagues' online).
 * v1 — the agents' `earlier` request and its `earlier.page` answer page through a shopper's earlier
 *   conversations (the hub read them all to list ten); the `conversation` frame's optional
 *   `earlierMore` says there are more. New frame types only, answered only when asked, so older
 *   clients never see them (they drop `earlierMore`); an older hub answers `invalid_frame`.
 */
export const PROTOCOL_VERSION = 1 as const;
export type ProtocolVersion = typeof PROTOCOL_VERSION;
