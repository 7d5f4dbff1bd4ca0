import { CONFIG_ELEMENT_ID, type ConsoleConfig } from './console-config.ts';
import { CONSOLE_CSS } from './console-css.ts';

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
