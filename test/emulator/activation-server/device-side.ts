import { randomBytes, randomUUID } from 'node:crypto';
import type { VirtualDevice } from '../device/device.js';
import { asBuffer, asDict, decodeDict, encodeXml, type PlistDict } from '../plist-codec.js';
import type { ActivationAuthority } from './authority.js';
import { decodeAccountToken, encodeHandshakeRequest, newNonce, verifyHandshakeResponse } from './blobs.js';

/**
 * What a device's activation daemon emits and accepts. Shapes follow what hosts see from real
 * devices: session info with HandshakeRequestMessage, activation info with ActivationInfoXML plus
 * FairPlay signature (pymobiledevice3 services/mobile_activation.py; libideviceactivation
 * src/activation.c; libideviceactivation issue #58 shows a real iOS 9 ActivationInfo). The device
 * only accepts a record Apple signed for it and for the request it made last.
 */

export type DeviceAnswer = { value: PlistDict } | { error: string };

/** CreateTunnel1SessionInfoRequest: opens a new activation session (a fresh nonce). */
export function createSessionInfo(device: VirtualDevice, authority: ActivationAuthority): PlistDict {
  const nonce = newNonce(randomBytes);
  device.activationRequest = { nonce, randomness: null };
  return {
    CollectionBlob: randomBytes(48),
    HandshakeRequestMessage: encodeHandshakeRequest(authority, device.udid, nonce),
    UniqueDeviceID: device.udid,
  };
}

/** CreateTunnel1ActivationInfoRequest: Value is the drmHandshake reply body, byte for byte. */
export function createSessionActivationInfo(device: VirtualDevice, authority: ActivationAuthority, handshakeReply: unknown): DeviceAnswer {
  const session = device.activationRequest;
  if (!session?.nonce) return { error: 'No activation session: send CreateTunnel1SessionInfoRequest first.' };
  const bytes = asBuffer(handshakeReply);
  let reply: PlistDict;
  try {
    if (!bytes) throw new Error('not data');
    reply = decodeDict(bytes);
  } catch {
    return { error: 'The handshake response is not a property list.' };
  }
  const message = asBuffer(reply.HandshakeResponseMessage);
  const serverKP = asBuffer(reply.serverKP);
  if (!message || !serverKP || !verifyHandshakeResponse(authority, message, device.udid, session.nonce, serverKP)) {
    return { error: 'The handshake response does not answer this device\'s session.' };
  }
  const randomness = randomUUID().toUpperCase();
  device.activationRequest = { nonce: session.nonce, randomness };
  const xml = encodeXml({
    ActivationRequestInfo: { ActivationRandomness: randomness, ActivationState: 'Unactivated', FMiPAccountExists: device.activationLock },
    ...(device.identity.imei ? { BasebandRequestInfo: { InternationalMobileEquipmentIdentity: device.identity.imei } } : {}),
    DeviceCertRequest: randomBytes(96),
    DeviceID: { SerialNumber: device.identity.serial, UniqueDeviceID: device.udid },
    DeviceInfo: deviceInfo(device),
  });
  return {
    value: {
      ActivationInfoXML: xml,
      FairPlayCertChain: randomBytes(64),
      FairPlaySignature: authority.deviceMac(device.udid, xml),
      RKCertification: randomBytes(64),
      RKSignature: randomBytes(72),
      serverKP,
      signActRequest: randomBytes(32),
    },
  };
}

/** CreateActivationInfoRequest (iOS 9.3–9.x) and lockdown's ActivationInfo (older): no session, flat XML. */
export function createLegacyActivationInfo(device: VirtualDevice, authority: ActivationAuthority): PlistDict {
  const randomness = randomUUID().toUpperCase();
  device.activationRequest = { nonce: null, randomness };
  const xml = encodeXml({
    ActivationRandomness: randomness,
    ActivationState: 'Unactivated',
    BuildVersion: device.identity.buildVersion,
    DeviceCertRequest: randomBytes(96),
    DeviceClass: device.identity.model.deviceClass,
    ProductType: device.identity.model.productType,
    ProductVersion: device.productVersion,
    SerialNumber: device.identity.serial,
    UniqueDeviceID: device.udid,
  });
  return { ActivationInfoComplete: true, ActivationInfoXML: xml, FairPlayCertChain: randomBytes(64), FairPlaySignature: authority.deviceMac(device.udid, xml) };
}

/** The record inside HandleActivationInfoWithSessionRequest's Value: the albert reply body as data. */
export function sessionRecordOf(value: unknown): PlistDict | null {
  const bytes = asBuffer(value);
  if (!bytes) return null;
  try {
    return asDict(decodeDict(bytes).ActivationRecord) ?? null;
  } catch {
    return null;
  }
}

/** Checks Apple's signature and that the record answers this device's last request, then activates. */
export function acceptRecord(device: VirtualDevice, authority: ActivationAuthority, record: PlistDict | null): string | null {
  const token = asBuffer(record?.AccountToken);
  const signature = asBuffer(record?.AccountTokenSignature);
  if (!token || !signature || !authority.appleVerify(token, signature)) return 'The activation record is not signed by the activation server.';
  const fields = decodeAccountToken(token);
  if (fields.UniqueDeviceID !== device.udid) return 'The activation record is for another device.';
  const expected = device.activationRequest?.randomness;
  if (!expected || fields.ActivationRandomness !== expected) return 'The activation record does not answer this device\'s activation request.';
  device.activationRequest = null;
  device.activationState = 'Activated';
  return null;
}

function deviceInfo(device: VirtualDevice): PlistDict {
  const id = device.identity;
  return {
    BuildVersion: id.buildVersion,
    DeviceClass: id.model.deviceClass,
    DeviceVariant: 'A',
    ModelNumber: id.modelNumber,
    OSType: 'iPhone OS',
    ProductType: id.model.productType,
    ProductVersion: id.productVersion,
    RegionInfo: id.regionInfo,
    UniqueChipID: id.ecid,
  };
}
