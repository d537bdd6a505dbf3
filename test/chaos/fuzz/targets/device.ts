import { DeviceLayer } from '../../../../electron/device/device-layer.js';
import { DEVICE_ERROR_CODES } from '../../../../electron/device/errors.js';
import { memoryHostIdentityStore } from '../../../../electron/device/host-identity.js';
import { validatePairing } from '../../../../electron/device/pairing.js';
import { nativeTransport } from '../../../../electron/device/transport.js';
import type { Rng } from '../../core/rng.js';
import { sleep } from '../../core/wait.js';
import { CartProcess } from '../../infra/cart.js';
import { classifyError } from '../outcome.js';
import type { FuzzTarget } from './types.js';

const known = (code: string): boolean => (DEVICE_ERROR_CODES as readonly string[]).includes(code);

/** A device-layer operation and the requests it makes (a fault aimed at one of them surely fires). */
interface Op {
  name: string;
  requests: string[];
  run: (layer: DeviceLayer, udid: string, rng: Rng) => Promise<unknown>;
}

const OPS: Op[] = [
  { name: 'snapshot', requests: ['StartSession', 'GetValue', 'QueryType'], run: (l, u) => l.snapshot(u) },
  { name: 'battery', requests: ['StartService', 'IORegistry', 'StartSession'], run: (l, u) => l.battery(u) },
  { name: 'activation', requests: ['StartService', 'GetActivationStateRequest', 'GetValue'], run: (l, u) => l.activationState(u) },
  { name: 'validate', requests: ['ValidatePair', 'StartSession', 'QueryType'], run: (l, u) => validatePairing(l.context, u) },
  { name: 'rename', requests: ['SetValue', 'StartSession'], run: (l, u, rng) => l.rename(u, `Chaos ${rng.int(1, 99)}`) },
  { name: 'profiles', requests: ['StartService', 'GetProfileList'], run: (l, u) => l.withMcInstall(u, (mc) => mc.getProfileList()) },
  { name: 'cloud-config', requests: ['StartService', 'GetCloudConfiguration'], run: (l, u) => l.withMcInstall(u, (mc) => mc.getCloudConfiguration()) },
  { name: 'pair', requests: ['Pair', 'ValidatePair', 'GetValue', 'StartSession'], run: (l, u) => l.ensurePaired(u, { trustTimeoutMs: 5_000 }) },
];

const KINDS = [
  ['malformed-plist', 4],
  ['truncated-plist', 4],
  ['close', 3],
  ['drop-tls', 2],
  ['slow-reply', 1],
  ['unplug', 1],
] as const;

/**
 * Device plists and frames from the virtual cart's fault modes, through the real addon and the
 * device layer: each case arms one fault on one device (malformed or truncated plist, connection
 * closed, TLS dropped, a slow reply, an unplug) and runs one operation. It must succeed or fail
 * with a DeviceError code; the device is plugged back and faults cleared before the next case.
 */
export const device: FuzzTarget = {
  name: 'device',
  weight: 4,
  // Beyond libimobiledevice's own 30 s receive timeout: a truncated frame may wait that long.
  caseMs: 75_000,
  needsCart: true,
  async setup(ctx) {
    if (!ctx.cart) throw new Error('the device target needs a cart');
    process.env.USBMUXD_SOCKET_ADDRESS = ctx.cart.usbmuxd;
    const cart = CartProcess.attach(ctx.cart.usbmuxd, ctx.cart.control);
    await cart.clearFaults();
    for (const d of await cart.devices()) if (!d.connected) await cart.act(d.udid, 'plug');
    const udids = (await cart.devices()).map((d) => d.udid);
    const layer = new DeviceLayer({ transport: nativeTransport(), identity: memoryHostIdentityStore(), label: 'cartwright-chaos', ports: null });
    layer.start();
    await layer.watcher.waitForCount(udids.length, 60_000);
    for (const u of udids) await layer.ensurePaired(u, { trustTimeoutMs: 10_000 });
    return {
      async run(rng) {
        const udid = rng.pick(udids);
        const op = rng.pick(OPS);
        const kind = rng.weighted(KINDS);
        const fault: Record<string, unknown> = { kind, udid, times: 1, after: rng.int(1, 2) };
        if (kind !== 'drop-tls' && rng.chance(0.8)) fault.request = rng.pick(op.requests);
        if (kind === 'slow-reply') fault.delayMs = rng.int(100, 2_000);
        await cart.fault(fault);
        let outcome;
        try {
          await op.run(layer, udid, rng);
          outcome = { kind: 'ok' } as const;
        } catch (e) {
          outcome = classifyError(e, known);
        }
        await restore(cart, layer, udid);
        return outcome.kind === 'untyped' ? { kind: 'untyped', detail: `${op.name} under ${kind}: ${outcome.detail}` } : outcome;
      },
      async close() {
        await cart.clearFaults().catch(() => undefined);
        await layer.stop();
      },
    };
  },
};

/** Clears faults and plugs the device back, then waits (bounded) until the watcher sees it again. */
async function restore(cart: CartProcess, layer: DeviceLayer, udid: string): Promise<void> {
  await cart.clearFaults();
  if (!(await cart.device(udid)).connected) await cart.act(udid, 'plug');
  const deadline = Date.now() + 20_000;
  while (!layer.watcher.isAttached(udid) && Date.now() < deadline) await sleep(50);
}
