import type { KefuOptions } from '../types.ts';

/**
 * Reads the widget's options from its own `<script>` tag's data attributes (`data-z-index` is
 * `zIndex`; values are checked by `boot`). The nonce comes from `data-nonce`, else the script's
 * own (hidden) nonce.
 * @example
 * readScriptOptions(document.currentScript as HTMLScriptElement);
 */
export function readScriptOptions(script: HTMLScriptElement): KefuOptions {
  return { ...script.dataset, nonce: script.dataset.nonce || script.nonce } as unknown as KefuOptions;
}
