import { createHmac, generateKeyPairSync, randomBytes, sign, verify, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * What Apple and the devices share in real life, for one cart: each device's FairPlay identity
 * (known to Apple from manufacturing; here an HMAC key derived from the UDID) and Apple's signing
 * key (devices hold the public half and check every activation record against it). The stand-in
 * server signs with it; the emulated mobileactivationd verifies. Nothing here is visible to a host.
 */
export class ActivationAuthority {
  private readonly deviceSecret = randomBytes(32);
  private readonly keys = generateKeyPairSync('ed25519');

  /** The device's FairPlay MAC over `data` (FairPlaySignature, handshake requests). */
  deviceMac(udid: string, data: Buffer): Buffer {
    return createHmac('sha256', this.deviceSecret).update(udid, 'utf8').update('\0').update(data).digest();
  }

  verifyDeviceMac(udid: string, data: Buffer, mac: Buffer): boolean {
    const expected = this.deviceMac(udid, data);
    return mac.length === expected.length && timingSafeEqual(mac, expected);
  }

  /** Apple's signature (AccountTokenSignature, HandshakeResponseMessage). */
  appleSign(data: Buffer): Buffer {
    return sign(null, data, this.keys.privateKey);
  }

  appleVerify(data: Buffer, signature: Buffer): boolean {
    try {
      return verify(null, data, this.publicKey, signature);
    } catch {
      return false;
    }
  }

  get publicKey(): KeyObject {
    return this.keys.publicKey;
  }
}
