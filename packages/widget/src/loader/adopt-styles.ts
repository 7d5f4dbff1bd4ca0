/**
 * Puts CSS into a shadow root: a constructable stylesheet where the engine has them (no CSP
 * `style-src` needed), else a `<style>` carrying the page's nonce so a strict CSP still allows it.
 * @example
 * adoptStyles(shadowRoot, ':host{color:red}', script.nonce);
 */
export function adoptStyles(root: ShadowRoot, css: string, nonce?: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  } catch {
    // Older engines: fall through to a <style> element.
  }
  const style = document.createElement('style');
  // Set even when the page gave none (then `undefined`, which no CSP nonce matches): the loader is at its byte budget.
  style.nonce = nonce as string;
  style.textContent = css;
  root.prepend(style);
}
