/**
 * Pairing cost per device with the station's persistent host identity: one certificate signed per
 * device instead of libimobiledevice's fresh key pairs on every Pair attempt. Measured on a cart
 * with no latency and Trust accepted at once, so only the host side's work remains; the station
 * child also times a fresh RSA-2048 key pair and a whole new host identity for context.
 */
import { withCart } from '../cart-process.js';
import type { BenchContext } from '../context.js';
import { runStationTask } from '../station-child.js';
import type { PairResult } from '../station-task.js';

export type PairingReport = PairResult;

export async function benchPairing(ctx: BenchContext): Promise<PairingReport> {
  const devices = ctx.opts.pairDevices;
  ctx.log(`pairing: ${devices} devices, persistent host identity`);
  return withCart({ devices, seed: `bench-pair-${devices}`, latency: 'none' }, (cart) =>
    runStationTask<PairResult>({ kind: 'pair', devices }, { cart, hostIdentityFile: ctx.hostIdentityFile }, 5 * 60_000),
  );
}
