import type { DeviceLayer } from '../device/device-layer.js';
import { activationBaseUrl } from '../device/services/activation-server.js';
import { readCloudSnapshot, readProfileList } from '../device/snapshot.js';
import type { DevicePort, FactsPart, FactsParts, SupervisorIdentity } from '../staging/device-port.js';
import { factsFromCloudSnapshot, factsFromProfiles, factsFromSnapshot } from './device-records.js';
import { EraseReboots } from './erase-reboots.js';
import { EscalatedSessions } from './escalated-sessions.js';

/** How long a Trust dialog may wait during staging before the job pauses for a person. */
const DEFAULT_TRUST_TIMEOUT_MS = 5 * 60_000;

/**
 * What waits on each job's signal: one 'abort' listener per signal, however many device calls the
 * job makes. An EventTarget listener added and removed around every device call cost more main
 * thread than the call's own JavaScript (issue 14 profile, 100 devices); a Set entry costs little.
 */
const abortWaiters = new WeakMap<AbortSignal, Set<(reason: unknown) => void>>();

function onAbort(signal: AbortSignal, waiter: (reason: unknown) => void): () => void {
  const waiters = abortWaiters.get(signal) ?? listenOnce(signal);
  waiters.add(waiter);
  return () => void waiters.delete(waiter);
}

function listenOnce(signal: AbortSignal): Set<(reason: unknown) => void> {
  const waiters = new Set<(reason: unknown) => void>();
  abortWaiters.set(signal, waiters);
  signal.addEventListener(
    'abort',
    () => {
      // In the order they began waiting, as separate listeners were called.
      for (const w of [...waiters]) w(signal.reason);
      waiters.clear();
    },
    { once: true },
  );
  return waiters;
}

/**
 * Runs `start`'s device work for a job step, rejecting with the abort reason as soon as the runner
 * aborts (the device left, the station is stopping). Nothing starts on a signal already aborted.
 * Work the step stopped waiting for runs on until the device layer cuts it; its outcome has no
 * caller any more, and its failure (a connection the layer closed, a call it refused while
 * stopping, an unplugged device) is expected: this is the one place it is dropped, so it never
 * surfaces as an unhandled rejection.
 */
function abortable<T>(signal: AbortSignal | undefined, start: () => Promise<T>): Promise<T> {
  if (!signal) return start();
  if (signal.aborted) return Promise.reject(signal.reason);
  const work = start();
  return new Promise<T>((resolve, reject) => {
    const stopWaiting = onAbort(signal, reject);
    work.then(
      (v) => (stopWaiting(), resolve(v)),
      (e: unknown) => (stopWaiting(), reject(e)),
    );
  });
}

/** Staging's view of a device, acted out by the device layer. */
/**
 * `activationUrl`: the activation server's base URL; default CARTWRIGHT_ACTIVATION_URL (read at each
 * activation), else Apple's.
 */
export function deviceLayerPort(layer: DeviceLayer, options: { trustTimeoutMs?: number; activationUrl?: string } = {}): DevicePort {
  const signer = (identity: SupervisorIdentity) => ({ certificate: identity.certificateDer, sign: (c: Buffer) => identity.sign(c) });
  const reboots = new EraseReboots(layer.watcher);
  // Escalate once per device per job; silent installs and settings reuse that connection.
  const escalated = new EscalatedSessions((udid) => layer.mcinstall(udid));
  layer.watcher.on('detach', (d: { udid: string }) => void escalated.detached(d.udid));
  // One request each, on the device's pooled lockdown session or MCInstall connection.
  const partReaders: { [P in FactsPart]: (udid: string) => Promise<FactsParts[P]> } = {
    activation: async (udid) => ({ activationState: await layer.activationState(udid) }),
    'cloud-configuration': async (udid) => factsFromCloudSnapshot(await readCloudSnapshot(layer.context, udid)),
    profiles: async (udid) => ({ profiles: factsFromProfiles(await readProfileList(layer.context, udid)) }),
  };

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
      return factsFromSnapshot(await abortable(o?.signal, () => layer.snapshot(udid)));
    },
    refreshFacts(udid, part, o) {
      return abortable(o?.signal, () => partReaders[part](udid));
    },
    async erase(udid, o) {
      // Marked before sending: the device may detach before (or instead of) answering.
      await escalated.release(udid);
      reboots.expect(udid);
      try {
        await abortable(o?.signal, () => layer.withMcInstall(udid, (mc) => mc.eraseDevice()));
      } catch (e) {
        reboots.cancel(udid);
        throw e;
      }
    },
    rebootPending(udid) {
      return reboots.pending(udid);
    },
    async waitForAttach(udid, o) {
      await abortable(o.signal, () => reboots.waitForReturn(udid, o.timeoutMs));
    },
    async activate(udid, o) {
      const serverUrl = activationBaseUrl(options.activationUrl);
      return { path: await layer.activate(udid, { serverUrl, ...(o?.signal ? { signal: o.signal } : {}) }) };
    },
    async setCloudConfiguration(udid, config, o) {
      await escalated.release(udid);
      await abortable(o?.signal, () => layer.withMcInstall(udid, (mc) => mc.setCloudConfiguration(config)));
      // AllowPairing=false deletes every host pairing, ours included (docs/device-protocols.md §4.6,
      // MCCloudConfigurationWriter); from then on only the supervisor may pair, through the
      // MCChallenge, and without a Trust dialog. Pair again now so the job goes on in this run.
      if (config.AllowPairing === false && o?.identity) {
        await layer.ensurePaired(udid, {
          trustTimeoutMs: options.trustTimeoutMs ?? DEFAULT_TRUST_TIMEOUT_MS,
          supervisor: signer(o.identity),
          ...(o.signal ? { signal: o.signal } : {}),
        });
      }
    },
    async escalate(udid, identity, o) {
      return abortable(
        o?.signal,
        () => escalated.use(udid, identity, async (mc) => {
          // The connection is escalated anyway: ask whether a passcode is set (lockdown cannot tell).
          const info = await mc.securityInfo().catch(() => null);
          return { passcodePresent: info?.PasscodePresent ?? null };
        }),
      );
    },
    async installProfile(udid, profile, o) {
      const identity = o.identity;
      await abortable(
        o.signal,
        () => (identity ? escalated.use(udid, identity, (mc) => mc.installProfileSilent(profile)) : layer.withMcInstall(udid, (mc) => mc.installProfile(profile))),
      );
    },
    async storeProfile(udid, profile, o) {
      await abortable(o?.signal, () => layer.withMcInstall(udid, (mc) => mc.storeProfile(profile)));
    },
    async storedProfile(udid, o) {
      return abortable(o?.signal, () => layer.withMcInstall(udid, (mc) => mc.getStoredProfile()));
    },
    async rename(udid, name, o) {
      // The layer reads DeviceName back in the same session (services/rename.ts): the device's answer.
      return { name: await abortable(o?.signal, () => layer.rename(udid, name)) };
    },
    async setWallpaper(udid, image, where, o) {
      const identity = o.identity;
      await abortable(
        o.signal,
        () => (identity ? escalated.use(udid, identity, (mc) => mc.setWallpaper(image, where)) : layer.withMcInstall(udid, (mc) => mc.setWallpaper(image, where))),
      );
    },
    release(udid) {
      return escalated.release(udid);
    },
  };
}
