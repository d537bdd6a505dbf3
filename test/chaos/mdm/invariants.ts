/**
 * Nothing lost, nothing duplicated, nothing out of order: per device, the changes the MDM saw must
 * be exactly the changes the station made, in the order it made them (pure).
 *
 * "Make it so" calls (WS1's enrollment-user PATCH) are repeated on purpose by the HTTP client
 * after a lost answer, and a repeat right after the same call changes nothing; those are counted
 * as `repeats`, not duplicates. The same call again after a different one is a duplicate.
 */
export interface MdmVerdict {
  lost: number;
  duplicated: number;
  reordered: number;
  repeats: number;
  violations: string[];
}

export function compareDeliveries(expected: ReadonlyMap<string, readonly string[]>, actual: ReadonlyMap<string, readonly string[]>, idempotentOps: readonly string[] = []): MdmVerdict {
  const verdict: MdmVerdict = { lost: 0, duplicated: 0, reordered: 0, repeats: 0, violations: [] };
  const serials = new Set([...expected.keys(), ...actual.keys()]);
  for (const serial of serials) {
    const want = expected.get(serial) ?? [];
    const raw = actual.get(serial) ?? [];
    const got = raw.filter((call, i) => !(i > 0 && raw[i - 1] === call && idempotentOps.includes(call.split(':')[0] as string)));
    verdict.repeats += raw.length - got.length;
    if (want.length === got.length && want.every((w, i) => w === got[i])) continue;
    const counts = new Map<string, number>();
    for (const w of want) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const g of got) counts.set(g, (counts.get(g) ?? 0) - 1);
    let lost = 0;
    let dup = 0;
    for (const [call, n] of counts) {
      if (n > 0) {
        lost += n;
        verdict.violations.push(`${serial}: ${n}× ${call} never reached the MDM`);
      } else if (n < 0) {
        dup += -n;
        verdict.violations.push(`${serial}: ${call} reached the MDM ${-n} extra time(s)`);
      }
    }
    verdict.lost += lost;
    verdict.duplicated += dup;
    if (lost === 0 && dup === 0) {
      verdict.reordered++;
      const at = want.findIndex((w, i) => w !== got[i]);
      verdict.violations.push(`${serial}: calls out of order from #${at + 1} (expected ${want[at]}, got ${got[at]})`);
    }
  }
  return verdict;
}
