/**
 * A pair record made the way libimobiledevice's internal pairing makes one when usbmuxd's
 * preflight calls `lockdownd_pair(client, NULL)`: fresh root and host RSA keys, a new HostID, the
 * DeviceCertificate for the device's own public key, all signed by the new root
 * (libimobiledevice src/lockdown.c `pair_record_generate`, common/userpref.c
 * `pair_record_generate_keys_and_certs`). Each call makes new keys, as each real auto-pair does.
 */
import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import type { PlistDict } from '../plist-codec.js';

const generate = promisify(generateKeyPair);

export interface FreshPairRecord {
  hostId: string;
  /** What Pair sends: certificates only. */
  sent: PlistDict;
  /** What libimobiledevice saves to usbmuxd once the device accepts (private keys included). */
  stored(escrowBag: Buffer | undefined, wifiAddress: string | undefined): PlistDict;
}

async function rsa(): Promise<{ publicKey: string; privateKey: string }> {
  return generate('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function certificate(publicKey: forge.pki.PublicKey, rootKey: forge.pki.rsa.PrivateKey, ca: boolean): string {
  const c = forge.pki.createCertificate();
  c.publicKey = publicKey;
  c.serialNumber = '00';
  c.validity.notBefore = new Date();
  c.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  c.setExtensions(ca ? [{ name: 'basicConstraints', cA: true, critical: true }] : [{ name: 'basicConstraints', cA: false, critical: true }, { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true }]);
  c.sign(rootKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(c);
}

/** `devicePublicKeyPem` is DevicePublicKey as the device sends it (PKCS#1 "RSA PUBLIC KEY"). */
export async function freshPairRecord(devicePublicKeyPem: string, systemBuid: string): Promise<FreshPairRecord> {
  const [root, host] = await Promise.all([rsa(), rsa()]);
  const rootKey = forge.pki.privateKeyFromPem(root.privateKey) as forge.pki.rsa.PrivateKey;
  const rootCert = certificate(forge.pki.publicKeyFromPem(root.publicKey), rootKey, true);
  const hostCert = certificate(forge.pki.publicKeyFromPem(host.publicKey), rootKey, false);
  // forge reads both "PUBLIC KEY" and the PKCS#1 "RSA PUBLIC KEY" the device sends.
  const deviceCert = certificate(forge.pki.publicKeyFromPem(devicePublicKeyPem), rootKey, false);
  const hostId = randomUUID().toUpperCase();
  const pem = (s: string) => Buffer.from(s, 'utf8');
  const sent: PlistDict = {
    DeviceCertificate: pem(deviceCert),
    HostCertificate: pem(hostCert),
    RootCertificate: pem(rootCert),
    HostID: hostId,
    SystemBUID: systemBuid,
  };
  return {
    hostId,
    sent,
    stored: (escrowBag, wifiAddress) => ({
      ...sent,
      HostPrivateKey: pem(host.privateKey),
      RootPrivateKey: pem(root.privateKey),
      ...(escrowBag ? { EscrowBag: escrowBag } : {}),
      ...(wifiAddress ? { WiFiMACAddress: wifiAddress } : {}),
    }),
  };
}
