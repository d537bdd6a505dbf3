/**
 * DER writing for CMS and PKCS#12 through node-forge's ASN.1 encoder, over Buffers. Reading stays
 * in der.ts: verifying what a peer sent needs its exact bytes and BER, which forge re-encodes.
 */
import forge from 'node-forge';

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export type Asn1 = forge.asn1.Asn1;

const bytes = (b: Buffer): string => b.toString('binary');

export const toDer = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

/**
 * A TLV whose content goes out exactly as given (a certificate the device compares byte for byte,
 * §4.7; signed attributes the signature covers). forge writes a non-composed node as identifier
 * octet, length, value, the identifier octet being `tagClass | type`, so the whole octet goes in
 * `type`. forge rewrites the value of INTEGER and BMPString nodes, so those two are refused.
 */
export function tlv(identifier: number, content: Buffer): Asn1 {
  if (identifier === T.INTEGER || identifier === T.BMPSTRING || (identifier & 0x1f) === 0x1f) throw new TypeError(`tlv() cannot keep identifier 0x${identifier.toString(16)} verbatim`);
  return asn1.create(U, identifier, false, bytes(content));
}

/** One DER TLV, kept verbatim: its identifier octet and content as they are. Not for BER. */
export function raw(der: Buffer): Asn1 {
  const lengthOctet = der[1] ?? 0;
  if (lengthOctet === 0x80) throw new TypeError('raw() takes DER, not BER indefinite lengths');
  return tlv(der[0] ?? 0, der.subarray(2 + (lengthOctet & 0x80 ? lengthOctet & 0x7f : 0)));
}

export const seq = (...items: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, items);
/** A DER SET OF: members sorted by their encodings, as DER requires (signed attributes depend on it). */
export const setOf = (...items: Asn1[]): Asn1 =>
  asn1.create(
    U,
    T.SET,
    true,
    items
      .map((node) => ({ node, der: toDer(node) }))
      .sort((a, b) => Buffer.compare(a.der, b.der))
      .map((m) => m.node),
  );
/** [n] EXPLICIT (or, with several members, an IMPLICIT [n] SET such as CMS `certificates`). */
export const explicit = (n: number, ...inner: Asn1[]): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, inner);
export const oid = (dotted: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(dotted).getBytes());
export const octetString = (data: Buffer): Asn1 => asn1.create(U, T.OCTETSTRING, false, bytes(data));
export const nullValue = (): Asn1 => asn1.create(U, T.NULL, false, '');
/** forge writes a BMPString's value as UTF-16BE code units itself. */
export const bmpString = (text: string): Asn1 => asn1.create(U, T.BMPSTRING, false, text);
/** INTEGER from a non-negative safe integer (forge's integerToDer stops at 32 bits; hostile-file tests go past). */
export function integer(value: number): Asn1 {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`integer() takes a non-negative safe integer, got ${value}`);
  const hex = value.toString(16);
  let content = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  if (((content[0] as number) & 0x80) !== 0) content = Buffer.concat([Buffer.from([0]), content]);
  return asn1.create(U, T.INTEGER, false, bytes(content));
}
/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
export const time = (date: Date): Asn1 =>
  date.getUTCFullYear() < 2050 ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(date)) : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
export const algorithm = (dotted: string, params?: Asn1): Asn1 => seq(oid(dotted), ...(params ? [params] : []));
