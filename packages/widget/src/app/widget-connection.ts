import type { ConnectionStatus } from '@kefu/sdk/client/light';

/**
 * The connection as the widget shows it: `tabs` while the hub refuses this tab (close 4429 with
 * `too_many_connections`: one tab too many of this shopper, or too many connections from their
 * address). The client keeps retrying meanwhile, so closing another tab lets this one in. A 4429
 * with `rate_limited` (reconnecting too often, too many new conversations from one address) is a
 * plain `reconnecting`: the client's backoff waits it out.
 */
export type WidgetConnection = ConnectionStatus | 'tabs';
