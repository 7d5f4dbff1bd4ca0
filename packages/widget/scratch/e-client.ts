import { createShopperClient } from '@kefu/sdk/client';
export function mount(s: string) { return createShopperClient({ url: s, siteKey: 'x' }); }
