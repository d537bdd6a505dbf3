/**
 * Hub order of port identity keys. LocationIDs encode the hub path nibble by nibble (macOS,
 * virtual cart), USB paths are bus-port.port…; numeric order of either is the hubs' port order,
 * which is what "auto-number the ports" should follow.
 */
export function comparePortKeys(a: string, b: string): number {
  const kind = (id: string) => id.split(':')[0] ?? '';
  if (kind(a) !== kind(b)) return kind(a).localeCompare(kind(b));
  const na = portSortKey(a);
  const nb = portSortKey(b);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? -1) - (nb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

function portSortKey(key: string): number[] {
  const loc = /^loc:(?:0x)?([0-9a-f]+)$/i.exec(key);
  if (loc?.[1]) return [parseInt(loc[1], 16)];
  return (key.match(/\d+/g) ?? []).map(Number);
}

/** Row and column (from 0) of a slot, numbering left to right, top to bottom. */
export function slotPosition(columns: number, slot: number): { row: number; column: number } {
  return { row: Math.floor((slot - 1) / columns), column: (slot - 1) % columns };
}
