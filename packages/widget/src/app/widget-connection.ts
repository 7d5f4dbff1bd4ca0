import type { ConnectionStatus } from '@kefu/sdk/client/light';

/**
 * The connection as the widget shows it: `tabs` while the hub refuses this tab (close code 4429:
 * one tab too many of this shopper, or too many connections from their address). The client keeps
 * retrying meanwhile, so closing another tab lets this one in.
 */
export type WidgetConnection = ConnectionStatus | 'tabs';
