import { CONFIG_ELEMENT_ID, type ConsoleConfig } from './console-config.ts';
import { CONSOLE_CSS } from './console-css.ts';

/** The console's icon, inline (its CSP admits `data:` images): a headset on the console's blue. */
const CONSOLE_ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d4ed8"/><path d="M8 18v-3a8 8 0 0 1 16 0v3" fill="none" stroke="#fff" stroke-width="2.5"/><rect x="6" y="17" width="5" height="8" rx="2" fill="#fff"/><rect x="21" y="17" width="5" height="8" rx="2" fill="#fff"/></svg>',
)}`;

/** JSON that is safe inside a `<script>` element: no `</script>`, no `<!--`. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The console's HTML shell: the config, the inlined stylesheet and the app's script. */
export function consolePage(config: ConsoleConfig, nonce: string, scriptUrl: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>客服工作台 · Kefu</title>
<link rel="icon" type="image/svg+xml" href="${CONSOLE_ICON}">
<style nonce="${nonce}">${CONSOLE_CSS}</style>
<script type="application/json" id="${CONFIG_ELEMENT_ID}">${scriptJson(config)}</script>
<script type="module" src="${scriptUrl}" nonce="${nonce}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The agent console needs JavaScript. 客服工作台需要启用 JavaScript。</noscript>
</body>
</html>`;
}
