import { LIMITS, type ShopperProfile, toStoredText } from '@kefu/protocol';

type ProfileFields = Pick<ShopperProfile, 'name' | 'tier' | 'locale' | 'email'>;

/**
 * A shopper's name, tier, locale and e-mail as the frames carrying a profile allow them (the agents'
 * welcome inbox among them): cut to their limits, never inside an emoji, without NUL; absent
 * (undefined or null) fields left out. A longer name (often the shopper's own account name) made
 * those frames unreadable to the agent client and locked the group's agents out.
 * @example
 * profileFields({ name: '王'.repeat(150) }).name?.length; // 100
 */
export function profileFields(from: {
  name?: string | null;
  tier?: string | null;
  locale?: string | null;
  email?: string | null;
}): ProfileFields {
  const out: ProfileFields = {};
  if (from.name != null) out.name = toStoredText(from.name, LIMITS.maxNameChars);
  if (from.tier != null) out.tier = toStoredText(from.tier, LIMITS.maxNameChars);
  if (from.locale != null) out.locale = toStoredText(from.locale, 35);
  if (from.email != null) out.email = toStoredText(from.email, LIMITS.maxTitleChars);
  return out;
}
