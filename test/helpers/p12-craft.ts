import { integer, tlv, toDer } from '../../electron/profiles/asn1.js';
import { parseDer } from '../../electron/profiles/der.js';

/** Hostile .p12 files built from a good one, for the iteration-count caps. */

/** The same PFX with its MAC's iteration count replaced (the MAC itself no longer matters: it is never computed). */
export function withMacIterations(p12: Buffer, iterations: number): Buffer {
  const [version, authSafe, macData] = parseDer(p12).children;
  const [digest, salt] = macData!.children;
  const mac = toDer(tlv(0x30, Buffer.concat([digest!.raw, salt!.raw, toDer(integer(iterations))])));
  return toDer(tlv(0x30, Buffer.concat([version!.raw, authSafe!.raw, mac])));
}

/**
 * The same PFX without a MAC, its PBE iteration counts (exported as 65536, INTEGER 01 00 00) raised
 * to 8,388,607 (7f ff ff): same length, so every enclosing DER length stays right.
 */
export function withPbeIterations(p12At65536: Buffer): Buffer {
  const [version, authSafe] = parseDer(p12At65536).children;
  const hex = authSafe!.raw.toString('hex').replaceAll('0203010000', '02037fffff');
  return toDer(tlv(0x30, Buffer.concat([version!.raw, Buffer.from(hex, 'hex')])));
}
