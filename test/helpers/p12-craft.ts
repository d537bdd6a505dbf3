import * as asn1js from 'asn1js';

/** Hostile .p12 files built from a good one, for the iteration-count caps. */

function parse(bytes: Uint8Array): asn1js.Sequence {
  const parsed = asn1js.fromBER(new Uint8Array(bytes).buffer);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw new Error('not a DER SEQUENCE');
  return parsed.result;
}

const der = (node: asn1js.BaseBlock): Buffer => Buffer.from(node.toBER(false));

/** The same PFX with its MAC's iteration count replaced (the MAC itself no longer matters: it is never computed). */
export function withMacIterations(p12: Buffer, iterations: number): Buffer {
  const pfx = parse(p12);
  const macData = pfx.valueBlock.value[2] as asn1js.Sequence;
  macData.valueBlock.value[2] = asn1js.Integer.fromBigInt(iterations);
  return der(pfx);
}

/**
 * The same PFX without a MAC, its PBE iteration counts (exported as 65536, INTEGER 01 00 00) raised
 * to 8,388,607 (7f ff ff): same length, so every enclosing DER length stays right.
 */
export function withPbeIterations(p12At65536: Buffer): Buffer {
  const [version, authSafe] = parse(p12At65536).valueBlock.value;
  const hex = Buffer.from(authSafe!.valueBeforeDecodeView).toString('hex').replaceAll('0203010000', '02037fffff');
  return der(new asn1js.Sequence({ value: [version!, asn1js.fromBER(new Uint8Array(Buffer.from(hex, 'hex')).buffer).result] }));
}
