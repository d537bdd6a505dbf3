/**
 * A small TypeScript host for tests that need what the Debian tools cannot do (MCInstall, supervised
 * pairing): usbmux Connect, lockdown frames, Pair with forge-made certificates, TLS sessions.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import forge from 'node-forge';
import { decodeDict, encodeXml, type PlistDict } from './plist-codec.js';
import { frameBytes } from './lockdown/framing.js';
import { HEADER_SIZE, PacketReader, swapPort } from './usbmux/packet.js';

export async function muxConnect(address: string, deviceId: number, port: number): Promise<Socket> {
  const colon = address.lastIndexOf(':');
  const socket = address.startsWith('UNIX:') ? netConnect(address.slice(5)) : netConnect(Number(address.slice(colon + 1)), address.slice(0, colon));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const payload = encodeXml({ MessageType: 'Connect', DeviceID: deviceId, PortNumber: swapPort(port), ProgName: 'vitest' });
  const header = Buffer.alloc(HEADER_SIZE);
  header.writeUInt32LE(HEADER_SIZE + payload.length, 0);
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(8, 8);
  header.writeUInt32LE(1, 12);
  socket.write(Buffer.concat([header, payload]));
  const reader = new PacketReader();
  const result = await new Promise<PlistDict>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      const [packet] = reader.push(chunk);
      if (!packet) return;
      socket.off('data', onData);
      socket.pause();
      resolve(decodeDict(packet.payload));
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
  if (result.Number !== 0) throw new Error(`Connect failed: ${String(result.Number)}`);
  return socket;
}

/** Length-prefixed plist request/response over any stream. */
export class PlistChannel {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((body: PlistDict) => void) | null = null;

  constructor(readonly stream: Duplex) {
    stream.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.deliver();
    });
    stream.resume();
  }

  request(body: PlistDict, timeoutMs = 10_000): Promise<PlistDict> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply')), timeoutMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      this.stream.write(frameBytes(encodeXml(body)));
    });
  }

  private deliver(): void {
    if (!this.waiting || this.buffer.length < 4) return;
    const length = this.buffer.readUInt32BE(0);
    if (this.buffer.length < 4 + length) return;
    const body = decodeDict(this.buffer.subarray(4, 4 + length));
    this.buffer = this.buffer.subarray(4 + length);
    const w = this.waiting;
    this.waiting = null;
    w(body);
  }

  /** Stops reading so the raw stream can be handed to TLS. */
  detach(): Duplex {
    this.stream.removeAllListeners('data');
    this.stream.pause();
    return this.stream;
  }
}

export interface HostIdentity {
  hostId: string;
  rootKeyPem: string;
  rootCertPem: string;
  hostCertPem: string;
  deviceCertPem: string;
}

/**
 * Builds a pair record like libimobiledevice's (docs/device-protocols.md §3.11) for the device's
 * public key.
 */
export function makeHostIdentity(devicePublicKeyPem: string): HostIdentity {
  const gen = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const root = gen();
  const host = gen();
  const rootKey = forge.pki.privateKeyFromPem(root.privateKey);
  const cert = (publicKey: forge.pki.PublicKey, ca: boolean): string => {
    const c = forge.pki.createCertificate();
    c.publicKey = publicKey;
    c.serialNumber = '00';
    c.validity.notBefore = new Date();
    c.validity.notAfter = new Date(Date.now() + 10 * 365 * 86400_000);
    c.setExtensions([{ name: 'basicConstraints', cA: ca, critical: true }]);
    c.sign(rootKey, forge.md.sha256.create());
    return forge.pki.certificateToPem(c);
  };
  return {
    hostId: randomUUID().toUpperCase(),
    rootKeyPem: root.privateKey,
    rootCertPem: cert(forge.pki.publicKeyFromPem(root.publicKey), true),
    hostCertPem: cert(forge.pki.publicKeyFromPem(host.publicKey), false),
    deviceCertPem: cert(forge.pki.publicKeyFromPem(devicePublicKeyPem), false),
  };
}

export function pairRecordOf(id: HostIdentity, buid: string): PlistDict {
  return {
    DeviceCertificate: Buffer.from(id.deviceCertPem),
    HostCertificate: Buffer.from(id.hostCertPem),
    RootCertificate: Buffer.from(id.rootCertPem),
    HostID: id.hostId,
    SystemBUID: buid,
  };
}

/** StartSession, then TLS with the RootCertificate as client certificate (as Debian's build does). */
export async function startSession(channel: PlistChannel, id: HostIdentity, buid: string): Promise<PlistChannel> {
  const reply = await channel.request({ Request: 'StartSession', HostID: id.hostId, SystemBUID: buid });
  if (reply.EnableSessionSSL !== true) throw new Error(`StartSession failed: ${String(reply.Error)}`);
  const raw = channel.detach();
  const tls = tlsConnect({ socket: raw as Socket, key: id.rootKeyPem, cert: id.rootCertPem, rejectUnauthorized: false, ciphers: 'DEFAULT:@SECLEVEL=0', minVersion: 'TLSv1' });
  await new Promise<void>((resolve, reject) => {
    tls.once('secureConnect', resolve);
    tls.once('error', reject);
  });
  return new PlistChannel(tls);
}

/** CMS SignedData over `content` (embedded, SHA-256, signer certificate included), as pymobiledevice3 signs (§4.7). */
export function cmsSign(content: Buffer, certPem: string, keyPem: string): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  const cert = forge.pki.certificateFromPem(certPem);
  p7.addCertificate(cert);
  p7.addSigner({
    key: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey,
    certificate: cert,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime!, value: new Date() as unknown as string },
    ],
  });
  p7.sign();
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

/** A self-signed supervision identity (certificate DER + PEMs). */
export function makeSupervisor(name: string): { certPem: string; keyPem: string; certDer: Buffer } {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  c.serialNumber = '01';
  c.validity.notBefore = new Date();
  c.validity.notAfter = new Date(Date.now() + 365 * 86400_000);
  c.setSubject([{ name: 'commonName', value: name }]);
  c.setIssuer([{ name: 'commonName', value: name }]);
  c.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(c);
  return { certPem, keyPem: keys.privateKey, certDer: Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary') };
}
