import type { KefuOptions } from '../types.ts';

const KEYS = ['site', 'hub', 'nonce', 'locale', 'position', 'color', 'name', 'zIndex', 'load'] as const;

/**
 * Reads the widget's options from its own `<script>` tag's data attributes (values are checked by
 * `boot`). The nonce comes from `data-nonce`, else the script's own (hidden) nonce.
 * @example
 * readScriptOptions(document.currentScript as HTMLScriptElement);
 */
export function readScriptOptions(script: HTMLScriptElement): KefuOptions {
  const options: Record<string, string> = {};
  for (const key of KEYS) {
    const value = script.dataset[key];
    if (value) options[key] = value;
  }
  options.nonce ||= script.nonce;
  return options as unknown as KefuOptions;
}
