import type { KefuError } from '@kefu/protocol';
import type { Logger } from '../logger.ts';

/** Where a failure of a merchant function the hub calls is reported. */
export type PluginFailureReport = (plugin: string, error: KefuError, conversationId: string) => void;

/**
 * A late-bound report, for merchant functions called inside another plug-in (an action's `eligible`
 * while the bot's answer offers its button): the options are resolved before the conversations
 * exist, so it logs until the hub points `report` at them (they log and emit `error`).
 */
export interface PluginFailures {
  report: PluginFailureReport;
}

/** The hub's log line for a failed plug-in: the same fields wherever it is written. */
export function logPluginFailure(
  logger: Logger,
  plugin: string,
  error: KefuError,
  conversationId: string,
): void {
  logger.log('warn', 'plugin.failed', {
    plugin,
    code: error.code,
    conversation: conversationId,
    error: error.message,
  });
}

/**
 * Failures logged, until the hub has a better place for them.
 * @example
 * const failures = loggedPluginFailures(logger);
 * failures.report = (plugin, error, id) => conversations.pluginFailed(plugin, error, id);
 */
export function loggedPluginFailures(logger: Logger): PluginFailures {
  return {
    report: (plugin, error, conversationId) => logPluginFailure(logger, plugin, error, conversationId),
  };
}
