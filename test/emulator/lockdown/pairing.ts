import { X509Certificate, randomBytes } from 'node:crypto';
import type { CartContext } from '../context.js';
import type { VirtualDevice } from '../device/device.js';
import { asBuffer, asDict, asString, type PlistDict } from '../plist-codec.js';
import { askTrust } from './trust-dialog.js';

type Reply = PlistDict;

const fail = (request: string, error: string, extra: PlistDict = {}): Reply => ({ Request: request, Error: error, ...extra });

interface HostRecord {
  hostId: string;
  systemBuid: string | null;
  deviceCertificate: Buffer;
  hostCertificate: Buffer;
  rootCertificate: Buffer;
}

function readRecord(request: PlistDict): HostRecord | null {
  const record = asDict(request.PairRecord);
  if (!record) return null;
  const hostId = asString(record.HostID);
  const deviceCertificate = asBuffer(record.DeviceCertificate);
  const hostCertificate = asBuffer(record.HostCertificate);
  const rootCertificate = asBuffer(record.RootCertificate);
  if (!hostId || !deviceCertificate || !hostCertificate || !rootCertificate) return null;
  return { hostId, systemBuid: asString(record.SystemBUID) ?? null, deviceCertificate, hostCertificate, rootCertificate };
}

/**
 * Answers of certifiesDevice by device key and certificate text: a host retries Pair with the same
 * record every second while the Trust dialog is open, and parsing the certificate each time showed
 * in the cart's profile. The answer depends on nothing else.
 */
const certified = new Map<string, boolean>();

/** The DeviceCertificate must certify this device's own key, or TLS could never succeed. */
async function certifiesDevice(ctx: CartContext, device: VirtualDevice, certPem: Buffer): Promise<boolean> {
  let keys: { publicKeyPem: string };
  try {
    keys = await ctx.keys.get(device.keyIndex);
  } catch {
    return false;
  }
  const id = `${keys.publicKeyPem}\n${certPem.toString('latin1')}`;
  let answer = certified.get(id);
  if (answer === undefined) {
    try {
      const certKey = new X509Certificate(certPem).publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
      answer = certKey.trim() === keys.publicKeyPem.trim();
    } catch {
      answer = false;
    }
    if (certified.size >= 1024) certified.clear();
    certified.set(id, answer);
  }
  return answer;
}

export async function handlePair(device: VirtualDevice, ctx: CartContext, request: PlistDict): Promise<Reply> {
  const record = readRecord(request);
  if (!record) return fail('Pair', 'InvalidPairRecord');
  if (!(await certifiesDevice(ctx, device, record.deviceCertificate))) return fail('Pair', 'InvalidPairRecord');
  const options = asDict(request.PairingOptions) ?? {};
  // A supervised device answers a host that presents a supervisor certificate with the challenge
  // (go-ios ios/pair.go PairSupervised expects MCChallengeRequired; pymobiledevice3 lockdown.py
  // pair_supervised). An unsupervised one ignores the certificate and shows the Trust dialog (or,
  // still in Setup Assistant, none).
  const asSupervisor = device.supervised && (options.SupervisorCertificate !== undefined || options.ChallengeResponse !== undefined);
  if (device.locked && !asSupervisor) return fail('Pair', 'PasswordProtected');

  if (asSupervisor || device.cloudConfiguration?.AllowPairing === false) {
    const outcome = await supervisedPairing(device, ctx, options);
    if (outcome) return outcome;
    // Locked: the supervisor is accepted, but the device can neither store the pairing nor make an
    // escrow bag, so it answers success without EscrowBag and remembers nothing (go-ios
    // ios/pair.go ErrDeviceLockedPairingDeferred, observed on hardware).
    if (device.locked) return { Request: 'Pair' };
    return accept(device, ctx, record);
  }

  // A device still in Setup Assistant pairs without the Trust dialog, so the person never sees one
  // and whatever they would answer does not matter. usbmuxd src/preflight.c (lockdownd_pair success
  // branch): "if device is still showing the setup screen it will pair even without trust dialog",
  // seen after a factory reset, before the device met iTunes; libimobiledevice issue #1395
  // (nikias, 2023-01-01): "A device in setup mode is paired automatically without trust."
  if (!device.setupCompleted) return accept(device, ctx, record);

  switch (askTrust(device, ctx)) {
    case 'denied':
      return fail('Pair', 'UserDeniedPairing');
    case 'pending':
      return fail('Pair', 'PairingDialogResponsePending');
    case 'trusted':
      return accept(device, ctx, record);
  }
}

/**
 * Pairing with AllowPairing=false needs the supervisor identity (docs/device-protocols.md §3.6):
 * answer MCChallengeRequired with a challenge, then accept only a CMS signature of it by a
 * SupervisorHostCertificates entry. Returns null when the host proved it is the supervisor.
 */
async function supervisedPairing(device: VirtualDevice, ctx: CartContext, options: PlistDict): Promise<Reply | null> {
  const response = asBuffer(options.ChallengeResponse);
  const challenge = device.pairingChallenge;
  if (!response || !challenge) {
    const fresh = randomBytes(32);
    device.pairingChallenge = fresh;
    return fail('Pair', 'MCChallengeRequired', { ExtendedResponse: { PairingChallenge: fresh } });
  }
  device.pairingChallenge = null;
  const trusted = (Array.isArray(device.cloudConfiguration?.SupervisorHostCertificates)
    ? (device.cloudConfiguration.SupervisorHostCertificates as unknown[])
    : []
  )
    .map(asBuffer)
    .filter((b): b is Buffer => b !== undefined);
  const verify = await ctx.cmsVerifier();
  if (!verify) {
    ctx.log(device.udid, 'supervised pairing: no CMS verifier available, refusing');
    return fail('Pair', 'MCProtected');
  }
  let result: { ok: boolean; content: Buffer | null };
  try {
    result = verify(response, trusted);
  } catch {
    result = { ok: false, content: null };
  }
  if (!result.ok || !result.content || !result.content.equals(challenge)) return fail('Pair', 'MCProtected');
  return null;
}

function accept(device: VirtualDevice, ctx: CartContext, record: HostRecord): Reply {
  const escrowBag = randomBytes(64);
  device.pairings.set(record.hostId, { ...record, escrowBag, pairedAt: new Date(ctx.now()).toISOString() });
  device.closeTrustDialog();
  ctx.changed();
  return { Request: 'Pair', EscrowBag: escrowBag };
}

export function handleValidatePair(device: VirtualDevice, request: PlistDict): Reply {
  const hostId = asString(asDict(request.PairRecord)?.HostID);
  if (!hostId) return fail('ValidatePair', 'InvalidPairRecord');
  if (!device.pairings.has(hostId)) return fail('ValidatePair', 'InvalidHostID');
  return { Request: 'ValidatePair' };
}

/** Accepted by HostID alone, as pymobiledevice3 sends it (§3.12); unknown hosts are a no-op. */
export function handleUnpair(device: VirtualDevice, ctx: CartContext, request: PlistDict): Reply {
  const hostId = asString(asDict(request.PairRecord)?.HostID);
  if (!hostId) return fail('Unpair', 'InvalidPairRecord');
  if (device.pairings.delete(hostId)) ctx.changed();
  return { Request: 'Unpair' };
}
