/**
 * Pairing cost per device with the station's persistent host identity: one certificate signed per
 * device instead of libimobiledevice's fresh key pairs on every Pair attempt. Measured on a cart
 * with no latency and devices in Setup Assistant (no Trust dialog), so only the host side's work
 * remains; the station child also times a fresh RSA-2048 key pair and a whole new host identity.
 *
 * Then the Trust dialog: devices past setup, tapped one after another over a few seconds, paired
 * at once, with the station as shipped (it hears the device's request_pair notification) and with
 * the notification proxy refused (it asks again once a second, as older iOS forces and as the
 * station did before): tap → paired and Pair requests per device.
 */
import { withCart } from '../cart-process.js';
import type { BenchContext } from '../context.js';
import { runStationTask } from '../station-child.js';
import type { PairResult, TrustResult } from '../station-task.js';

export type PairingReport = PairResult & { trust?: { event: TrustResult; poll: TrustResult } };

const TAP_AFTER_MS: [number, number] = [500, 3000];

async function trustPass(ctx: BenchContext, devices: number, mode: 'event' | 'poll'): Promise<TrustResult> {
  ctx.log(`pairing: ${devices} devices through the Trust dialog (${mode === 'event' ? 'request_pair notification' : '1 s poll'})`);
  return withCart({ devices, seed: `bench-trust-${devices}`, latency: 'none', trust: 'pending' }, (cart) =>
    runStationTask<TrustResult>({ kind: 'trust', devices, mode, tapAfterMs: TAP_AFTER_MS }, { cart, hostIdentityFile: ctx.hostIdentityFile }, 5 * 60_000),
  );
}

export async function benchPairing(ctx: BenchContext): Promise<PairingReport> {
  const devices = ctx.opts.pairDevices;
  ctx.log(`pairing: ${devices} devices, persistent host identity`);
  const pair = await withCart({ devices, seed: `bench-pair-${devices}`, latency: 'none' }, (cart) =>
    runStationTask<PairResult>({ kind: 'pair', devices }, { cart, hostIdentityFile: ctx.hostIdentityFile }, 5 * 60_000),
  );
  return { ...pair, trust: { event: await trustPass(ctx, devices, 'event'), poll: await trustPass(ctx, devices, 'poll') } };
}
