/**
 * Buffers in and out of asn1js/pkijs, for the PKCS#12 files the station builds and imports
 * (certificates and CMS are written directly: device/der-writer.ts). Verifying received CMS stays
 * on der.ts, which keeps every node's exact bytes.
 */
import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import { asn1js } from './pki-packages.js';

export interface Encodable {
  toBER(sizeOnly?: boolean): ArrayBuffer;
}

/** A copy as an ArrayBuffer (asn1js takes ArrayBuffers; a Buffer may be a slice of a larger pool). */
export const arrayBuffer = (b: Uint8Array): ArrayBuffer => new Uint8Array(b).buffer;
export const toDer = (schema: Encodable): Buffer => Buffer.from(schema.toBER(false));
export const octetString = (data: Buffer): Asn1js.OctetString => new asn1js.OctetString({ valueHex: arrayBuffer(data) });

/** DER SET OF order (X.690 §11.6): pkijs writes a SET's members in the order given. */
export function sortedForDer<T extends Pkijs.Attribute>(members: T[]): T[] {
  return members
    .map((member) => ({ member, der: toDer(member.toSchema()) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map((m) => m.member);
}

/** A received value that is not the ASN.1 expected (truncated, padded, or another format). */
export class Asn1FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Asn1FormatError';
  }
}

/** Parse exactly one BER value; trailing bytes are an error (a truncated or padded file). */
export function parseBer(bytes: Buffer, what: string): Asn1js.AsnType {
  const parsed = asn1js.fromBER(arrayBuffer(bytes));
  if (parsed.offset === -1) throw new Asn1FormatError(`${what} is not readable ASN.1 (${parsed.result.error})`);
  if (parsed.offset !== bytes.length) throw new Asn1FormatError(`unexpected ${bytes.length - parsed.offset} bytes after the ${what}`);
  return parsed.result;
}

/** A pkijs object from its schema, with a message naming what was expected when it does not fit. */
export function fromSchema<T>(type: new (parameters: { schema: Asn1js.AsnType }) => T, schema: Asn1js.AsnType, what: string): T {
  try {
    return new type({ schema });
  } catch {
    throw new Asn1FormatError(`malformed ${what}`);
  }
}

/** The child at index of a constructed value, or a format error naming what was expected. */
export function childAt(node: Asn1js.AsnType, index: number, what: string): Asn1js.AsnType {
  const children = (node as Asn1js.Constructed).valueBlock?.value as Asn1js.AsnType[] | undefined;
  const found = Array.isArray(children) ? children[index] : undefined;
  if (!found) throw new Asn1FormatError(`malformed ${what}`);
  return found;
}

/** An INTEGER's exact value (pkijs keeps only a float, which a hostile count may overflow). */
export function bigIntegerOf(node: Asn1js.AsnType, what: string): bigint {
  if (!(node instanceof asn1js.Integer)) throw new Asn1FormatError(`malformed ${what}`);
  return node.toBigInt();
}

/** An OCTET STRING's content, joining the chunks of a BER constructed one. */
export function octetsOf(node: unknown, what: string): Buffer {
  if (!(node instanceof asn1js.OctetString)) throw new Asn1FormatError(`malformed ${what}`);
  return Buffer.from(node.getValue());
}
