/**
 * The pair record, built in TypeScript from the station host identity: the DeviceCertificate for
 * the device's public key, the certificates sent in Pair, and the record saved to usbmuxd in the
 * layout libimobiledevice 1.3.0 reads back for StartSession/TLS (docs/device-protocols.md §3.6, §3.11).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { DeviceError } from './errors.js';
import type { CertificateExtension } from './certificate-builder.js';
import { signCertificate, signCertificateAsync, type HostIdentity } from './host-identity.js';
import { fromXml, parseReply, toXml } from './plist.js';
import type { PairRecordCertificates } from './transport-types.js';

/**
 * DeviceCertificate: the device's own public key (DevicePublicKey, a PKCS#1 "RSA PUBLIC KEY" PEM
 * sent as data) certified by the station root.
 */
export function buildDeviceCertificate(identity: HostIdentity, devicePublicKey: Buffer | string, now = new Date()): string {
  return signCertificate(deviceKey(devicePublicKey), identity.rootKeyPem, DEVICE_EXTENSIONS, now);
}

/** buildDeviceCertificate with the root's signature on libuv's pool: every device of a batch pairs at once. */
export async function buildDeviceCertificateAsync(identity: HostIdentity, devicePublicKey: Buffer | string, now = new Date()): Promise<string> {
  return signCertificateAsync(deviceKey(devicePublicKey), identity.rootKeyPem, DEVICE_EXTENSIONS, now);
}

const DEVICE_EXTENSIONS: readonly CertificateExtension[] = [
  { kind: 'basicConstraints', ca: false },
  { kind: 'subjectKeyIdentifier' },
  { kind: 'keyUsage', digitalSignature: true, keyEncipherment: true },
];

function deviceKey(devicePublicKey: Buffer | string): KeyObject {
  try {
    const publicKey = createPublicKey({ key: Buffer.isBuffer(devicePublicKey) ? devicePublicKey : Buffer.from(devicePublicKey), format: 'pem' });
    // DevicePublicKey is a PKCS#1 "RSA PUBLIC KEY" (§3.11): anything else is not a device's pairing key.
    if (publicKey.asymmetricKeyType !== 'rsa') throw new TypeError(`a ${publicKey.asymmetricKeyType ?? 'unknown'} key`);
    return publicKey;
  } catch (cause) {
    throw new DeviceError('PROTOCOL', { message: 'The device sent an unusable public key (DevicePublicKey).', cause });
  }
}

export interface PairRecordParts {
  identity: HostIdentity;
  deviceCertificate: string;
  systemBuid: string;
  wifiAddress?: string | undefined;
  escrowBag?: Buffer | undefined;
}

/** What Pair sends (no private keys). */
export function pairCertificates(parts: PairRecordParts): PairRecordCertificates {
  return {
    deviceCertificate: parts.deviceCertificate,
    hostCertificate: parts.identity.hostCertificatePem,
    rootCertificate: parts.identity.rootCertificatePem,
    hostId: parts.identity.hostId,
    systemBuid: parts.systemBuid,
  };
}

/** The full record for usbmuxd SavePairRecord: PEMs as data, private keys included (TLS needs the root key). */
export function storedPairRecord(parts: PairRecordParts): Record<string, unknown> {
  const pem = (s: string) => Buffer.from(s, 'utf8');
  return {
    DeviceCertificate: pem(parts.deviceCertificate),
    HostCertificate: pem(parts.identity.hostCertificatePem),
    HostPrivateKey: pem(parts.identity.hostKeyPem),
    RootCertificate: pem(parts.identity.rootCertificatePem),
    RootPrivateKey: pem(parts.identity.rootKeyPem),
    SystemBUID: parts.systemBuid,
    HostID: parts.identity.hostId,
    ...(parts.escrowBag ? { EscrowBag: parts.escrowBag } : {}),
    ...(parts.wifiAddress ? { WiFiMACAddress: parts.wifiAddress } : {}),
  };
}

/**
 * Serialised as an XML plist: usbmuxd stores bytes, libimobiledevice reads XML or binary. With the
 * device's UDID, the record is also remembered as decoded, for the read-back that follows a save.
 */
export function encodePairRecord(parts: PairRecordParts, udid?: string): Buffer {
  const record = storedPairRecord(parts);
  const data = Buffer.from(toXml(record), 'utf8');
  if (udid !== undefined) remember(udid, data, record as StoredPairRecord);
  return data;
}

/**
 * The last record seen per device, as bytes and decoded: after every pairing the station reads the
 * record back (record-settle.ts) and usbmuxd mostly answers with the bytes it was just given, so
 * decoding the XML again (about 1 ms) is skipped while the bytes stay the same. Bounded: a station
 * sees many devices a day, and only the ones being paired now need it.
 */
const recent = new Map<string, { data: Buffer; record: StoredPairRecord }>();
const RECENT_LIMIT = 256;

function remember(udid: string, data: Buffer, record: StoredPairRecord): void {
  recent.delete(udid);
  recent.set(udid, { data, record });
  if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
}

const storedSchema = z
  .object({
    HostID: z.string(),
    SystemBUID: z.string().optional(),
    DeviceCertificate: z.instanceof(Buffer).optional(),
    RootCertificate: z.instanceof(Buffer).optional(),
    EscrowBag: z.instanceof(Buffer).optional(),
  })
  .loose();

export type StoredPairRecord = z.output<typeof storedSchema>;

/** Reads a stored record (XML or binary plist); the HostID tells whose pairing it is. */
export async function decodePairRecord(data: Buffer, udid?: string): Promise<StoredPairRecord> {
  if (udid === undefined) return decodeStored(data);
  const known = recent.get(udid);
  if (known?.data.equals(data)) return known.record;
  const record = await decodeStored(data);
  remember(udid, data, record);
  return record;
}

async function decodeStored(data: Buffer): Promise<StoredPairRecord> {
  const ctx = { what: 'pair record' };
  if (data.subarray(0, 8).toString('latin1') === 'bplist00') {
    const { parseBuffer } = await import('bplist-parser');
    let parsed: unknown;
    try {
      parsed = parseBuffer<unknown>(data)[0];
    } catch (cause) {
      throw new DeviceError('PROTOCOL', { message: 'The stored pair record is unreadable.', cause });
    }
    return parseReply(storedSchema, parsed, ctx);
  }
  return parseReply(storedSchema, fromXml(data.toString('utf8'), ctx), ctx);
}
