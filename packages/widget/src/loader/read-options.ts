import type { KefuOptions, LoadStrategy } from '../types.ts';

/**
 * Reads the widget's options from its own `<script>` tag's data attributes.
 * The nonce comes from `data-nonce`, else the script's own (hidden) nonce.
 * @example
 * readScriptOptions(document.currentScript as HTMLScriptElement);
 */
export function readScriptOptions(script: HTMLScriptElement): KefuOptions {
  const d = script.dataset;
  const options: KefuOptions = { site: d.site ?? '', hub: d.hub ?? '' };
  const nonce = d.nonce || script.nonce;
  if (nonce) options.nonce = nonce;
  if (d.locale) options.locale = d.locale;
  if (d.position === 'left' || d.position === 'right') options.position = d.position;
  if (d.color) options.color = d.color;
  if (d.name) options.name = d.name;
  if (d.zIndex && /^\d+$/.test(d.zIndex)) options.zIndex = Number(d.zIndex);
  if (d.load === 'interaction' || d.load === 'idle' || d.load === 'eager') options.load = d.load as LoadStrategy;
  return options;
}
