/**
 * A page's address without its query and fragment: those can carry password-reset tokens,
 * session ids or e-mail addresses, which neither the hub's store nor the agents may see. The path
 * stays (it names the product or page); a shop that needs something from the query passes it as
 * page context (`product`, `orderId`).
 * @example
 * pageUrl('https://shop.example/account/reset?token=abc#step=2'); // 'https://shop.example/account/reset'
 */
export const pageUrl = (href: string): string => href.split(/[?#]/)[0] as string;
