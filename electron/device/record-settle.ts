/**
 * After the station's SavePairRecord: make sure the record usbmuxd ends up holding is one the
 * device accepts. Linux usbmuxd pairs by itself, with fresh keys and a new HostID, at attach and
 * again when the person taps Trust (usbmuxd src/preflight.c: `lockdownd_pair(client, NULL)` in
 * `preflight_worker_handle_device_add` and `np_callback`; libimobiledevice src/lockdown.c
 * `lockdownd_do_pair` then saves it). Its SavePairRecord can land right after ours and replace it.
 *
 * Either record works with libimobiledevice: each carries its own keys, and the device accepted both.
 * The station prefers its own: the device just accepted it (with its EscrowBag), it carries the
 * station's HostID, and preflight keeps any record whose StartSession succeeds on the next attach.
 * usbmuxd's record is adopted only when the device no longer knows ours but accepts a session
 * with it. A record nobody can use is never left behind.
 */
import { deviceCall, type DeviceContext } from './context.js';
import { DeviceError, isDeviceError } from './errors.js';
import { keepAsSession, withLockdown } from './lockdown.js';
import { decodePairRecord } from './pair-record.js';
import type { LockdownHandle, PairRecordCertificates } from './transport-types.js';

export type RecordOutcome = 'ours' | 're-saved' | 'adopted';

export type RecordChoice = 'keep' | 'ask-device' | 're-save-ours' | 'check-stored' | 'adopt-stored' | 'give-up';

/**
 * The decision, pure, one fact at a time: `deviceKnowsOurs` (ValidatePair with our certificates)
 * is needed only when the stored record is not ours; `storedWorks` (a session with the stored
 * record) only when the device no longer knows ours and something else is stored.
 */
export function chooseRecord(f: { storedHostId: string | null; ourHostId: string; deviceKnowsOurs?: boolean; storedWorks?: boolean }): RecordChoice {
  if (f.storedHostId === f.ourHostId) return 'keep';
  if (f.deviceKnowsOurs === undefined) return 'ask-device';
  if (f.deviceKnowsOurs) return 're-save-ours';
  if (f.storedHostId === null) return 'give-up';
  if (f.storedWorks === undefined) return 'check-stored';
  return f.storedWorks ? 'adopt-stored' : 'give-up';
}

/** How many times usbmuxd may overwrite our record again before we take whatever works. */
const MAX_RESAVES = 2;

async function storedHostId(ctx: DeviceContext, udid: string): Promise<string | null> {
  const data = await deviceCall(ctx, udid, () => ctx.transport.readPairRecord(udid));
  if (!data) return null;
  // A record we cannot read is as good as none: ours replaces it.
  return (await decodePairRecord(data, udid).catch(() => null))?.HostID ?? null;
}

/** ValidatePair with our certificates (plaintext, as `idevicepair validate` does): does the device still know us? */
async function deviceKnows(ctx: DeviceContext, udid: string, lockdown: LockdownHandle, ours: PairRecordCertificates): Promise<boolean> {
  try {
    await deviceCall(ctx, udid, () => lockdown.validatePair(ours));
    return true;
  } catch (e) {
    if (isDeviceError(e, 'NOT_PAIRED')) return false;
    throw e;
  }
}

/** StartSession + TLS with whatever usbmuxd holds (a new session, never a pooled one). */
async function storedWorks(ctx: DeviceContext, udid: string): Promise<boolean> {
  try {
    await withLockdown(ctx, udid, async () => undefined, { fresh: true });
    return true;
  } catch (e) {
    if (isDeviceError(e, 'NOT_PAIRED') || isDeviceError(e, 'PROTOCOL')) return false;
    throw e;
  }
}

export async function settlePairRecord(
  ctx: DeviceContext,
  udid: string,
  lockdown: LockdownHandle,
  ours: { certificates: PairRecordCertificates; save: () => Promise<void> },
): Promise<RecordOutcome> {
  const ourHostId = ours.certificates.hostId;
  for (let resaves = 0; ; resaves++) {
    const facts: Parameters<typeof chooseRecord>[0] = { storedHostId: await storedHostId(ctx, udid), ourHostId };
    let choice = chooseRecord(facts);
    if (choice === 'keep') {
      // The record is ours and the device just accepted it: the connection that paired serves as
      // the device's session from here (lockdown.ts keepAsSession).
      await keepAsSession(ctx, udid, lockdown, ourHostId);
      return resaves === 0 ? 'ours' : 're-saved';
    }
    // Past MAX_RESAVES usbmuxd keeps overwriting ours: stop competing and take whatever works.
    facts.deviceKnowsOurs = resaves < MAX_RESAVES && (await deviceKnows(ctx, udid, lockdown, ours.certificates));
    choice = chooseRecord(facts);
    if (choice === 're-save-ours') {
      await ours.save();
      continue;
    }
    if (choice === 'check-stored') {
      facts.storedWorks = await storedWorks(ctx, udid);
      if (chooseRecord(facts) === 'adopt-stored') return 'adopted';
    }
    throw new DeviceError('NOT_PAIRED', {
      udid,
      message: 'The device accepted the pairing, but the record usbmuxd now holds does not work with it.',
      remedy: 'Unplug and replug the device, then retry; if usbmuxd keeps pairing by itself, restart it with --no-preflight.',
    });
  }
}
