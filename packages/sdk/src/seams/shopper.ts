// The shopper as plug-ins see them.

/** Who a logged-in shopper is, as the merchant's server vouches for them. */
export interface ShopperIdentity {
  /** The merchant's own user id. */
  id: string;
  name?: string;
  email?: string;
  /** Customer tier, e.g. 'vip'; routing can use it. */
  tier?: string;
}

export interface ShopperInfo {
  id: string;
  identified: boolean;
  name?: string;
  email?: string;
  tier?: string;
}
