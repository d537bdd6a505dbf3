/**
 * Meraki Systems Manager has no shared-device check-out call and no "assign owner" call, so the
 * station records a check-out as device tags (docs/mdm-apis.md §3): `cw-checked-out` plus
 * `cw-user-<username>` while a device is out, `cw-available` while it is on the cart. Tags are
 * also how Meraki scopes apps and profiles, so an admin can target checked-out devices.
 */
export const TAG_OUT = 'cw-checked-out';
export const TAG_AVAILABLE = 'cw-available';
export const USER_TAG_PREFIX = 'cw-user-';

/** Meraki tags are single tokens: keep letters, digits, dot, dash and underscore. */
export function userTag(username: string): string {
  return USER_TAG_PREFIX + username.trim().toLowerCase().replace(/@/g, '_at_').replace(/[^a-z0-9._-]+/g, '_');
}

export function tagsOf(tags: string[] | string | null | undefined): string[] {
  if (!tags) return [];
  return (Array.isArray(tags) ? tags : tags.split(/\s+/)).map((t) => t.trim()).filter(Boolean);
}

/** The username a device's tags say it is checked out to, or null when it is on the cart. */
export function checkedOutTo(tags: readonly string[]): string | null {
  if (!tags.includes(TAG_OUT)) return null;
  return tags.find((t) => t.startsWith(USER_TAG_PREFIX))?.slice(USER_TAG_PREFIX.length) ?? null;
}
