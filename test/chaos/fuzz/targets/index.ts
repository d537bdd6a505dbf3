import { api } from './api.js';
import { csv } from './csv.js';
import { device } from './device.js';
import { deviceIdentity, outputPath } from './device-identity.js';
import { ipc } from './ipc.js';
import { pkcs12 } from './pkcs12.js';
import { p12Iterations } from './p12-iterations.js';
import { profileBinary, profileSigned, profileXml } from './profiles.js';
import { scryptParams } from './scrypt-params.js';
import type { FuzzTarget } from './types.js';

export const TARGETS: readonly FuzzTarget[] = [profileXml, profileBinary, profileSigned, pkcs12, csv, api, ipc, device, scryptParams, deviceIdentity, outputPath, p12Iterations];

export function target(name: string): FuzzTarget {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`no fuzz target ${name}`);
  return t;
}

/** Splits `total` cases by weight (largest remainder), at least one per target. */
export function shareCases(total: number, targets: readonly { name: string; weight: number }[]): Map<string, number> {
  const sum = targets.reduce((s, t) => s + t.weight, 0);
  const raw = targets.map((t) => ({ name: t.name, exact: (total * t.weight) / sum }));
  const out = new Map(raw.map((r) => [r.name, Math.max(1, Math.floor(r.exact))]));
  let left = total - [...out.values()].reduce((s, n) => s + n, 0);
  for (const r of [...raw].sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
    if (left <= 0) break;
    out.set(r.name, (out.get(r.name) as number) + 1);
    left--;
  }
  return out;
}
