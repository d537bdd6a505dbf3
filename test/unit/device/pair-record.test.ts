import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHostIdentity, type HostIdentity } from '../../../electron/device/host-identity.js';
import { buildDeviceCertificate, buildDeviceCertificateAsync, decodePairRecord, encodePairRecord, pairCertificates, storedPairRecord } from '../../../electron/device/pair-record.js';
import { fromXml } from '../../../electron/device/plist.js';

let identity: HostIdentity;
const device = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'pkcs1', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

beforeAll(async () => {
  identity = await createHostIdentity();
});

describe('station host identity', () => {
  it('has a root CA and a host certificate signed by it, laid out like libimobiledevice’s', () => {
    const root = forge.pki.certificateFromPem(identity.rootCertificatePem);
    const host = forge.pki.certificateFromPem(identity.hostCertificatePem);
    expect(root.verify(root)).toBe(true);
    expect(root.verify(host)).toBe(true);
    expect(root.getExtension('basicConstraints')).toMatchObject({ cA: true, critical: true });
    expect(host.getExtension('basicConstraints')).toMatchObject({ cA: false, critical: true });
    expect(host.subject.attributes).toHaveLength(0);
    expect(parseInt(host.serialNumber, 16)).toBe(0);
    expect(identity.hostId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(identity.rootKeyPem).toContain('BEGIN PRIVATE KEY');
  });
});

describe('pair record', () => {
  it('certifies the device’s own PKCS#1 public key with the station root', () => {
    const pem = buildDeviceCertificate(identity, Buffer.from(device.publicKey));
    const cert = forge.pki.certificateFromPem(pem);
    const root = forge.pki.certificateFromPem(identity.rootCertificatePem);
    expect(root.verify(cert)).toBe(true);
    expect(forge.pki.publicKeyToPem(cert.publicKey)).toBe(forge.pki.publicKeyToPem(forge.pki.publicKeyFromPem(device.publicKey)));
    expect(cert.getExtension('keyUsage')).toMatchObject({ critical: true, digitalSignature: true, keyEncipherment: true });
    expect(cert.getExtension('subjectKeyIdentifier')).toBeTruthy();
    const years = (cert.validity.notAfter.getTime() - cert.validity.notBefore.getTime()) / (365 * 24 * 3600 * 1000);
    expect(Math.round(years)).toBe(10);
  });

  it('rejects a DevicePublicKey that is not a key as PROTOCOL', () => {
    expect(() => buildDeviceCertificate(identity, Buffer.from('not a key'))).toThrow(expect.objectContaining({ code: 'PROTOCOL' }));
  });

  it('makes the same DeviceCertificate with the signature on the pool as on the thread (what pairing uses)', async () => {
    const now = new Date('2026-12-04T02:00:00Z');
    expect(await buildDeviceCertificateAsync(identity, Buffer.from(device.publicKey), now)).toBe(buildDeviceCertificate(identity, Buffer.from(device.publicKey), now));
    await expect(buildDeviceCertificateAsync(identity, Buffer.from('not a key'))).rejects.toMatchObject({ code: 'PROTOCOL' });
  });

  it('sends no private keys to the device and stores them for TLS', async () => {
    const parts = { identity, deviceCertificate: buildDeviceCertificate(identity, device.publicKey), systemBuid: 'BUID-1', wifiAddress: 'aa:bb:cc:dd:ee:ff', escrowBag: Buffer.from([1, 2, 3]) };
    const sent = pairCertificates(parts);
    expect(Object.keys(sent).sort()).toEqual(['deviceCertificate', 'hostCertificate', 'hostId', 'rootCertificate', 'systemBuid']);
    const stored = storedPairRecord(parts);
    expect(Object.keys(stored).sort()).toEqual(
      ['DeviceCertificate', 'EscrowBag', 'HostCertificate', 'HostID', 'HostPrivateKey', 'RootCertificate', 'RootPrivateKey', 'SystemBUID', 'WiFiMACAddress'].sort(),
    );
    const xml = encodePairRecord(parts);
    expect(xml.subarray(0, 5).toString()).toBe('<?xml');
    const parsed = fromXml(xml.toString(), { what: 'record' }) as Record<string, unknown>;
    expect(Buffer.isBuffer(parsed.RootPrivateKey)).toBe(true);
    const decoded = await decodePairRecord(xml);
    expect(decoded.HostID).toBe(identity.hostId);
    expect(decoded.EscrowBag).toEqual(Buffer.from([1, 2, 3]));
  });
});
