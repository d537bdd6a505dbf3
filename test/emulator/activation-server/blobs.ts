import type { ActivationAuthority } from './authority.js';

/**
 * The opaque blobs of activation, as the emulator makes them. On a real device they are FairPlay
 * messages nobody outside Apple reads; hosts only carry them between the device and albert
 * (pymobiledevice3 services/mobile_activation.py, go-ios ios/mobileactivation/activation.go), so
 * any format works as long as the device and the stand-in server agree and a host cannot forge it.
 */

const NONCE_BYTES = 16;
const MAC_BYTES = 32;
const TAG = 0x02;

/** HandshakeRequestMessage: tag, session nonce, the device's MAC over the nonce, its UDID. */
export function encodeHandshakeRequest(authority: ActivationAuthority, udid: string, nonce: Buffer): Buffer {
  return Buffer.concat([Buffer.from([TAG]), nonce, authority.deviceMac(udid, nonce), Buffer.from(udid, 'utf8')]);
}

export function decodeHandshakeRequest(bytes: Buffer): { nonce: Buffer; mac: Buffer; udid: string } | null {
  if (bytes.length <= 1 + NONCE_BYTES + MAC_BYTES || bytes[0] !== TAG) return null;
  return {
    nonce: bytes.subarray(1, 1 + NONCE_BYTES),
    mac: bytes.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + MAC_BYTES),
    udid: bytes.subarray(1 + NONCE_BYTES + MAC_BYTES).toString('utf8'),
  };
}

export const newNonce = (random: (n: number) => Buffer): Buffer => random(NONCE_BYTES);

function handshakeSigned(udid: string, nonce: Buffer, serverKP: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`drmHandshake\0${udid}\0`, 'utf8'), nonce, serverKP]);
}

/** HandshakeResponseMessage: tag, the nonce it answers, Apple's signature over udid+nonce+serverKP. */
export function encodeHandshakeResponse(authority: ActivationAuthority, udid: string, nonce: Buffer, serverKP: Buffer): Buffer {
  return Buffer.concat([Buffer.from([TAG]), nonce, authority.appleSign(handshakeSigned(udid, nonce, serverKP))]);
}

export function verifyHandshakeResponse(authority: ActivationAuthority, message: Buffer, udid: string, nonce: Buffer, serverKP: Buffer): boolean {
  if (message.length <= 1 + NONCE_BYTES || message[0] !== TAG) return false;
  if (!message.subarray(1, 1 + NONCE_BYTES).equals(nonce)) return false;
  return authority.appleVerify(handshakeSigned(udid, nonce, serverKP), message.subarray(1 + NONCE_BYTES));
}

/**
 * AccountToken: Apple sends an old-style (NeXTSTEP) text dictionary, `"Key" = "value";` per line,
 * signed by AccountTokenSignature (libideviceactivation issue threads show real ones).
 */
export function encodeAccountToken(fields: Record<string, string>): Buffer {
  const lines = Object.entries(fields).map(([k, v]) => `\t"${k}" = "${v}";`);
  return Buffer.from(`{\n${lines.join('\n')}\n}`, 'utf8');
}

export function decodeAccountToken(bytes: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of bytes.toString('utf8').matchAll(/"([^"]+)"\s*=\s*"([^"]*)";/g)) {
    if (m[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}
