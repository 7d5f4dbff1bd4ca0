/** The shop's icon: a speech bubble in the shop's red (a few hundred bytes of SVG). */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#b4232a"/><path d="M8 10h16a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2z" fill="#fff"/></svg>';

/**
 * The icon inline, for every page's head: the browser then asks for no `/favicon.ico` (which
 * the demo serves too, for anything that asks anyway), and the CSP's `img-src data:` admits it.
 */
export const FAVICON_LINK = `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}">`;
