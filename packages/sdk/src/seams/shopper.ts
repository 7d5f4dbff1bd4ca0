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
  /** The hub's id: `u:<your user id>` (hashed to `u#…` past 60 characters) or `d#…` (a hash of the device id: the id is shown to agents, the device id is the anonymous shopper's key). */
  id: string;
  identified: boolean;
  /**
   * Your own user id, as your server vouched for it (identity token `sub` or `verifyIdentity`'s
   * `id`), for a logged-in shopper: compare it with an order's owner. Absent for a device.
   */
  userId?: string;
  name?: string;
  email?: string;
  tier?: string;
}
