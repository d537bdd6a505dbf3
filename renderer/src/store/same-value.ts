/**
 * Deep equality for JSON-shaped data (what the station sends). The station resends unchanged
 * devices in each coalesced batch; comparing by value lets the store keep the old object, so a
 * tile's `devices[udid]` selection stays identical and the tile skips its render.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    if (!(k in rb) || !sameValue(ra[k], rb[k])) return false;
  }
  return true;
}
