/**
 * Pairing with the station host identity (docs/device-protocols.md §3.6). The record is built here,
 * Pair is sent through lockdown in libimobiledevice's external mode, and on success the full record
 * (with the device's EscrowBag) is saved to usbmuxd, which then announces Paired. While the Trust
 * dialog is up the device answers PairingDialogResponsePending; we ask again when the device
 * says Trust was tapped (trust-wait.ts), or at the latest after a slow fallback poll.
 */
import { z } from 'zod';
import { deviceCall, type DeviceContext } from './context.js';
import { DeviceError, isDeviceError } from './errors.js';
import type { HostIdentity } from './host-identity.js';
import { withLockdown } from './lockdown.js';
import { buildDeviceCertificateAsync, encodePairRecord, pairCertificates, type PairRecordParts } from './pair-record.js';
import { parseReply } from './plist.js';
import { settlePairRecord, type RecordOutcome } from './record-settle.js';
import { TransportError, type LockdownHandle } from './transport-types.js';
import { INSECURE_NOTIFICATION_PROXY, startTrustWait, type TrustWait } from './trust-wait.js';
import { isUsbEntry } from './usb-only.js';

/** Signs a challenge as CMS SignedData (SHA-256, signer certificate included, content embedded; §4.7). */
export type ChallengeSigner = (challenge: Buffer) => Promise<Buffer>;

export interface PairOptions {
  identity: HostIdentity;
  /** How long to keep asking while the Trust dialog is open (default 120 s). */
  trustTimeoutMs?: number;
  /** Interval between Pair attempts while pending, when the device's notifications cannot be heard (default 1000 ms). */
  pollMs?: number;
  /** The same while they are heard: only a missed request_pair waits this long (default 5000 ms). */
  fallbackPollMs?: number;
  /** Called on each pending answer: show "Tap Trust on the device in slot N". */
  onPending?: (attempt: number) => void;
  /** Supervised pairing: the supervision certificate (DER) and a signer for its challenge. */
  supervisor?: { certificate: Buffer; sign: ChallengeSigner } | undefined;
  signal?: AbortSignal;
}

export interface PairResult {
  udid: string;
  hostId: string;
  /** How many pending answers came before the device accepted. */
  pendingAnswers: number;
  supervisedChallenge: boolean;
  /** Whose record usbmuxd holds afterwards (record-settle.ts): Linux usbmuxd may have paired too. */
  record: RecordOutcome;
}

const publicKeySchema = z.instanceof(Buffer);
const pairReplySchema = z.object({ EscrowBag: z.instanceof(Buffer).optional() }).loose();
const challengeSchema = z.object({ ExtendedResponse: z.object({ PairingChallenge: z.instanceof(Buffer) }).loose() }).loose();

async function deviceHandle(ctx: DeviceContext, udid: string): Promise<number> {
  // The watcher keeps the DeviceID from the device's ADD: listing again cost one ListDevices per
  // paired device, each reply listing the whole cart (~70 KB at 100 devices, issue 14).
  const known = ctx.presence?.usbDeviceId?.(udid);
  if (known !== undefined) return known;
  const list = await deviceCall(ctx, udid, () => ctx.transport.listDevices());
  // The USB entry's DeviceID: usbmuxd announces Paired only for the DeviceID it was given.
  const d = list.find((x) => x.udid === udid && isUsbEntry(x));
  if (!d) throw new DeviceError('DEVICE_GONE', { udid });
  return d.handle;
}

/** Sends one Pair; returns the reply, or the raw failure for the caller to decide. */
async function sendPair(
  ctx: DeviceContext,
  udid: string,
  lockdown: LockdownHandle,
  parts: PairRecordParts,
  options: Record<string, unknown>,
): Promise<{ ok: true; reply: unknown } | { ok: false; error: DeviceError; reply: unknown }> {
  try {
    const reply = await deviceCall(ctx, udid, async () => {
      try {
        return await lockdown.pair(pairCertificates(parts), { ExtendedPairingErrors: true, ...options });
      } catch (e) {
        // Keep the device's reply (PairingChallenge) through the error mapping.
        if (e instanceof TransportError && e.response !== undefined) throw Object.assign(e, { reply: e.response });
        throw e;
      }
    });
    return { ok: true, reply: reply ?? {} };
  } catch (e) {
    if (!(e instanceof DeviceError)) throw e;
    const cause = e.cause as { reply?: unknown } | undefined;
    return { ok: false, error: e, reply: cause?.reply };
  }
}

/** Starts listening for the Trust tap on the Pair connection (trust-wait.ts). */
function trustWaitFor(ctx: DeviceContext, udid: string, lockdown: LockdownHandle, options: PairOptions, pollMs: number): Promise<TrustWait> {
  return startTrustWait({
    udid,
    // Straight on the handle: a refusal only means polling, not a failure to explain.
    // An unplug while StartService is on its way ends it as DEVICE_GONE (deviceCall), like every call.
    open: () => deviceCall(ctx, udid, () => lockdown.openService(INSECURE_NOTIFICATION_PROXY)),
    pollMs,
    fallbackPollMs: options.fallbackPollMs ?? 5000,
    presence: ctx.presence,
    signal: options.signal,
    track: ctx.calls ? (call) => ctx.calls!.track(call) : undefined,
  });
}

export async function pairDevice(ctx: DeviceContext, udid: string, options: PairOptions): Promise<PairResult> {
  const { identity } = options;
  const pollMs = options.pollMs ?? 1000;
  const deadline = Date.now() + (options.trustTimeoutMs ?? 120_000);
  const systemBuid = (await deviceCall(ctx, udid, () => ctx.transport.readBuid())) ?? identity.hostId;

  return withLockdown(
    ctx,
    udid,
    async (ld) => {
      const devicePublicKey = parseReply(publicKeySchema, await ld.getValue(null, 'DevicePublicKey'), { udid, what: 'DevicePublicKey' });
      const wifi = await ld.getValue(null, 'WiFiAddress');
      const parts: PairRecordParts = {
        identity,
        // Off the JavaScript thread: a batch's devices reach this point together (issue 14).
        deviceCertificate: await buildDeviceCertificateAsync(identity, devicePublicKey),
        systemBuid,
        wifiAddress: typeof wifi === 'string' ? wifi : undefined,
      };
      const baseOptions: Record<string, unknown> = options.supervisor ? { SupervisorCertificate: options.supervisor.certificate } : {};
      let pairOptions = baseOptions;
      let pending = 0;
      let challenged = false;
      let withoutSupervisor = false;
      let trust: TrustWait | undefined;
      try {
        for (;;) {
          if (options.signal?.aborted) throw new DeviceError('TIMEOUT', { udid, message: 'Pairing was cancelled.' });
          const r = await sendPair(ctx, udid, ld.handle, parts, pairOptions);
          if (r.ok) {
            const reply = parseReply(pairReplySchema, r.reply, { udid, what: 'Pair reply' });
            if (!reply.EscrowBag && !withoutSupervisor && options.supervisor) throw lockedSupervisedDevice(udid);
            parts.escrowBag = reply.EscrowBag;
            const save = async () => {
              const handle = await deviceHandle(ctx, udid);
              await deviceCall(ctx, udid, () => ctx.transport.savePairRecord(udid, handle, encodePairRecord(parts, udid)));
            };
            await save();
            // A session kept from before this pairing speaks for the old record.
            await ctx.connections?.lockdown.drop(udid);
            const record = await settlePairRecord(ctx, udid, ld.handle, { certificates: pairCertificates(parts), save });
            return { udid, hostId: identity.hostId, pendingAnswers: pending, supervisedChallenge: challenged, record };
          }
          const { error } = r;
          if (error.code === 'TRUST_PENDING') {
            pending++;
            const expired = Date.now() >= deadline;
            // Listening before "Tap Trust" is shown: a tap right after it is then heard.
            if (!expired) trust ??= await trustWaitFor(ctx, udid, ld.handle, options, pollMs);
            options.onPending?.(pending);
            if (expired || !trust) throw error;
            await trust.next(deadline);
            continue;
          }
          // Asked whenever a supervised device sees a supervisor certificate (go-ios ios/pair.go
          // PairSupervised; pymobiledevice3 lockdown.py pair_supervised). Devices that trust the
          // host already may skip it and answer success at once (go-ios PR #656): both are fine.
          if (error.code === 'SUPERVISOR_CHALLENGE' && options.supervisor && !challenged) {
            const { ExtendedResponse } = parseReply(challengeSchema, r.reply, { udid, what: 'supervised pairing challenge' });
            const response = await options.supervisor.sign(ExtendedResponse.PairingChallenge);
            pairOptions = { ChallengeResponse: response };
            challenged = true;
            continue;
          }
          // Our signature was refused: another organization supervises it. If it still allows
          // pairing, the Trust dialog path works and Inspect then names the real problem.
          if (error.code === 'PAIRING_PROHIBITED' && challenged && !withoutSupervisor) {
            pairOptions = {};
            withoutSupervisor = true;
            continue;
          }
          throw error;
        }
      } finally {
        trust?.close();
      }
    },
    { handshake: false },
  );
}

/**
 * A supervised Pair answered with success but no EscrowBag: the device is passcode-locked. It
 * accepted the supervisor, yet could not store the pairing, so nothing is saved (go-ios
 * ios/pair.go ErrDeviceLockedPairingDeferred: saving a record then leaves InvalidHostID behind).
 */
function lockedSupervisedDevice(udid: string): DeviceError {
  return new DeviceError('PASSCODE_LOCKED', {
    udid,
    message: 'The device is locked: it accepted the supervision identity but cannot store the pairing until it is unlocked.',
    remedy: 'Unlock the device with its passcode (keep it on the Home Screen), then retry.',
    chain: [{ source: 'lockdown', name: 'Pair', message: 'success without EscrowBag' }],
  });
}

/**
 * True when usbmuxd has a record and the device accepts a session with it. Always a new session
 * (a pooled one may predate the device forgetting us, e.g. after AllowPairing false); it is then
 * the one kept for the device.
 */
export async function validatePairing(ctx: DeviceContext, udid: string): Promise<boolean> {
  try {
    await withLockdown(ctx, udid, async () => undefined, { fresh: true });
    return true;
  } catch (e) {
    if (isDeviceError(e, 'NOT_PAIRED')) return false;
    throw e;
  }
}

export type EnsurePairedResult = { status: 'already-paired' } | ({ status: 'paired' | 're-paired' } & PairResult);

/**
 * Pairs when needed. A record the device no longer knows (erased, or "Reset Location & Privacy")
 * is deleted and the device paired again; libimobiledevice does not do this itself (§6.2).
 */
export async function ensurePaired(ctx: DeviceContext, udid: string, options: PairOptions): Promise<EnsurePairedResult> {
  const record = await deviceCall(ctx, udid, () => ctx.transport.readPairRecord(udid));
  if (record && (await validatePairing(ctx, udid))) return { status: 'already-paired' };
  if (record) await deviceCall(ctx, udid, () => ctx.transport.deletePairRecord(udid));
  const result = await pairDevice(ctx, udid, options);
  return { status: record ? 're-paired' : 'paired', ...result };
}

/** Unpair on the device, then forget the record in usbmuxd. */
export async function unpairDevice(ctx: DeviceContext, udid: string): Promise<void> {
  const data = await deviceCall(ctx, udid, () => ctx.transport.readPairRecord(udid));
  if (!data) return;
  await ctx.connections?.dropDevice(udid);
  await withLockdown(
    ctx,
    udid,
    async (ld) => {
      await deviceCall(ctx, udid, () => ld.handle.unpair(null)).catch((e: unknown) => {
        // A device that already forgot us is unpaired; anything else is a real failure.
        if (!isDeviceError(e, 'NOT_PAIRED')) throw e;
      });
    },
    { handshake: false },
  );
  await deviceCall(ctx, udid, () => ctx.transport.deletePairRecord(udid)).catch(() => undefined);
}
