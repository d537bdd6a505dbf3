import type { DeviceLayer } from '../device/device-layer.js';
import { DeviceError } from '../device/errors.js';
import type { DeviceSnapshot } from '../device/snapshot.js';
import type { DeviceFacts, DevicePort, SupervisorIdentity } from '../staging/device-port.js';

/** How long a Trust dialog may wait during staging before the job pauses for a person. */
const DEFAULT_TRUST_TIMEOUT_MS = 5 * 60_000;

export function factsFromSnapshot(s: DeviceSnapshot): DeviceFacts {
  return {
    udid: s.udid,
    serial: s.serialNumber,
    imei: s.imei,
    productType: s.productType,
    model: s.modelName,
    productVersion: s.productVersion,
    name: s.name,
    activationState: s.activationState,
    battery: s.battery.level,
    charging: s.battery.charging,
    cloudConfigured: s.cloudConfigured,
    supervised: s.supervised,
    organizationName: s.organization,
    supervisorCertificates: s.supervisorCertificates,
    profiles: s.profiles.map((p) => ({ identifier: p.identifier, uuid: p.uuid ?? null, displayName: p.displayName })),
    enrollmentType: s.enrollmentType,
    passcodePresent: s.passcodePresent,
  };
}

function abortable<T>(signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

/** Staging's view of a device, acted out by the device layer. */
export function deviceLayerPort(layer: DeviceLayer, options: { trustTimeoutMs?: number } = {}): DevicePort {
  const signer = (identity: SupervisorIdentity) => ({ certificate: identity.certificateDer, sign: (c: Buffer) => identity.sign(c) });

  return {
    async pair(udid, o) {
      await layer.ensurePaired(udid, {
        trustTimeoutMs: options.trustTimeoutMs ?? DEFAULT_TRUST_TIMEOUT_MS,
        ...(o.onTrustPending ? { onPending: () => o.onTrustPending?.() } : {}),
        ...(o.identity ? { supervisor: signer(o.identity) } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
    },
    async facts(udid, o) {
      return factsFromSnapshot(await abortable(o?.signal, layer.snapshot(udid)));
    },
    async erase(udid, o) {
      await abortable(o?.signal, layer.withMcInstall(udid, (mc) => mc.eraseDevice()));
    },
    async waitForAttach(udid, o) {
      if (layer.watcher.isAttached(udid)) return;
      await abortable(
        o.signal,
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            layer.watcher.off('attach', onAttach);
            reject(new DeviceError('TIMEOUT', { udid, message: 'The device did not come back after restarting.', remedy: 'Check that it is on the cart and switched on; plug it back in.' }));
          }, o.timeoutMs);
          const onAttach = (d: { udid: string }) => {
            if (d.udid !== udid) return;
            clearTimeout(timer);
            layer.watcher.off('attach', onAttach);
            resolve();
          };
          layer.watcher.on('attach', onAttach);
        }),
      );
    },
    async setCloudConfiguration(udid, config, o) {
      await abortable(o?.signal, layer.withMcInstall(udid, (mc) => mc.setCloudConfiguration(config)));
    },
    async escalate(udid, identity, o) {
      await abortable(o?.signal, layer.withMcInstall(udid, (mc) => mc.escalate(identity.certificateDer, (c) => identity.sign(c))));
    },
    async installProfile(udid, profile, o) {
      await abortable(
        o.signal,
        layer.withMcInstall(udid, async (mc) => {
          if (!o.identity) return mc.installProfile(profile);
          // Escalation lives on one connection: escalate, then install silently on the same one.
          await mc.escalate(o.identity.certificateDer, (c) => o.identity!.sign(c));
          return mc.installProfileSilent(profile);
        }),
      );
    },
    async storeProfile(udid, profile, o) {
      await abortable(o?.signal, layer.withMcInstall(udid, (mc) => mc.storeProfile(profile)));
    },
    async storedProfile(udid, o) {
      return abortable(o?.signal, layer.withMcInstall(udid, (mc) => mc.getStoredProfile()));
    },
    async rename(udid, name, o) {
      await abortable(o?.signal, layer.rename(udid, name));
    },
    async setWallpaper(udid, image, where, o) {
      await abortable(
        o.signal,
        layer.withMcInstall(udid, async (mc) => {
          if (o.identity) await mc.escalate(o.identity.certificateDer, (c) => o.identity!.sign(c));
          await mc.setWallpaper(image, where);
        }),
      );
    },
  };
}
