import type { DeviceLayer } from '../device/device-layer.js';
import { normalSerial } from '../mdm/index.js';
import { EnrollmentProfileStore, inspectProfile } from '../profiles/index.js';
import { StagingRunner } from '../staging/runner.js';
import type { Store } from '../store/store.js';
import { deviceLayerPort } from './device-port.js';
import type { DeviceRegistry } from './registry.js';
import type { SupervisorIdentity } from '../staging/device-port.js';
import type { StationParts } from '../flows/parts.js';

export interface RunnerWiring {
  store: Store;
  layer: DeviceLayer;
  registry: DeviceRegistry;
  dataDir: string;
  concurrency: number;
  trustTimeoutMs?: number;
  identity: () => SupervisorIdentity | null;
  wakeOutbox: StationParts['wakeOutbox'];
  audit: StationParts['audit'];
  blueprint: StationParts['blueprint'];
}

/** The staging runner, wired to the device layer, the profiles, the outbox and the audit log. */
export function stagingRunner(w: RunnerWiring): StagingRunner {
  const { store, layer, registry } = w;
  const enrollment = new EnrollmentProfileStore(w.dataDir);
  return new StagingRunner({
    jobs: store.jobs,
    device: deviceLayerPort(layer, w.trustTimeoutMs === undefined ? {} : { trustTimeoutMs: w.trustTimeoutMs }),
    concurrency: w.concurrency,
    identity: w.identity,
    inspectProfile: (bytes) => {
      const p = inspectProfile(bytes);
      if (!p.identifier || !p.uuid) throw Object.assign(new Error('The profile has no PayloadIdentifier or PayloadUUID.'), { code: 'PROFILE_REJECTED' });
      return { identifier: p.identifier, uuid: p.uuid, displayName: p.displayName, isMdm: p.mdm !== null };
    },
    storedEnrollmentProfile: async () => {
      try {
        return enrollment.load().bytes;
      } catch {
        return null;
      }
    },
    enqueueMdm: (kind, payload, key, udid) => {
      // One line per device for every MDM message (staging reports, check-outs…): keyed by the
      // normalised serial the MDM knows the device by, falling back to the UDID.
      const serial = typeof payload.serial === 'string' && payload.serial ? normalSerial(payload.serial) : udid;
      store.outbox.enqueue({ idempotencyKey: key, deviceKey: serial, kind, payload: payload as never });
      w.wakeOutbox();
    },
    hasMdmMessage: (key) => store.outbox.getByKey(key) !== undefined,
    slotOf: (udid) => registry.fact(udid, 'slot') ?? null,
    audit: (e) => w.audit(e.action, e.udid, e.details),
    emit: () => undefined,
    loadBlueprint: w.blueprint,
    isAttached: (udid) => layer.watcher.isAttached(udid),
    holds: store.batches,
  });
}
