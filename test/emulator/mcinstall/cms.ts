/**
 * CMS (PKCS#7) SignedData structure reader (RFC 5652 §5). Parsing only; signature checks live in
 * cms-verify.ts. node-forge's pkcs7.messageFromAsn1 is not used because it throws on any non-RSA
 * certificate and drops the original bytes of certificates.
 */
import { DerError, Tag, contentBytes, decodeOid, parseDer, rawBytes, type DerNode } from './der.js';

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

export interface CmsSignerInfo {
  /** issuerAndSerialNumber: the exact Name DER and the INTEGER contents; or a subjectKeyIdentifier. */
  sid: { issuer: Buffer; serial: Buffer } | { subjectKeyIdentifier: Buffer };
  digestAlgorithm: string;
  /** The [0] IMPLICIT signed attributes element, when present. */
  signedAttrs: DerNode | null;
  signatureAlgorithm: string;
  signature: Buffer;
}

export interface CmsSignedData {
  eContentType: string;
  /** Embedded content; null for a detached signature. */
  content: Buffer | null;
  /** Certificates in the order they appear in the message, exact bytes. */
  certificates: Buffer[];
  signerInfos: CmsSignerInfo[];
}

export class CmsError extends Error {}

function expect(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw new CmsError(`CMS: expected ${what}`);
  return node;
}

/** Parse a DER/BER ContentInfo holding SignedData. Throws CmsError when it is not one. */
export function parseCmsSignedData(der: Buffer): CmsSignedData {
  try {
    return parseUnchecked(der);
  } catch (err) {
    if (err instanceof CmsError) throw err;
    if (err instanceof DerError) throw new CmsError(`CMS: ${err.message}`);
    throw err;
  }
}

function parseUnchecked(der: Buffer): CmsSignedData {
  const contentInfo = expect(parseDer(der), Tag.sequence, 'ContentInfo SEQUENCE');
  const [typeNode, explicit] = contentInfo.children;
  if (decodeOid(expect(typeNode, Tag.oid, 'contentType')) !== OID.signedData) {
    throw new CmsError('CMS: not SignedData');
  }
  const signedData = expect(expect(explicit, 0xa0, '[0] content').children[0], Tag.sequence, 'SignedData');
  const parts = signedData.children;
  expect(parts[0], Tag.integer, 'SignedData version');
  expect(parts[1], Tag.set, 'digestAlgorithms');
  const encap = expect(parts[2], Tag.sequence, 'encapContentInfo');
  const eContentType = decodeOid(expect(encap.children[0], Tag.oid, 'eContentType'));
  let content: Buffer | null = null;
  const eContentWrapper = encap.children[1];
  if (eContentWrapper) {
    const octets = expect(eContentWrapper, 0xa0, '[0] eContent').children[0];
    // BER producers may send the OCTET STRING constructed (tag 0x24) in segments.
    if (!octets || (octets.tag !== Tag.octetString && octets.tag !== 0x24)) {
      throw new CmsError('CMS: eContent is not an OCTET STRING');
    }
    content = contentBytes(octets);
  }
  let index = 3;
  const certificates: Buffer[] = [];
  if (parts[index]?.tag === 0xa0) {
    for (const cert of (parts[index] as DerNode).children) {
      // Only plain X.509 certificates; attribute certificates and others are [n]-tagged.
      if (cert.tag === Tag.sequence) certificates.push(rawBytes(cert));
    }
    index++;
  }
  if (parts[index]?.tag === 0xa1) index++;
  const signerSet = expect(parts[index], Tag.set, 'signerInfos');
  return { eContentType, content, certificates, signerInfos: signerSet.children.map(parseSignerInfo) };
}

function parseSignerInfo(node: DerNode): CmsSignerInfo {
  const parts = expect(node, Tag.sequence, 'SignerInfo').children;
  expect(parts[0], Tag.integer, 'SignerInfo version');
  const sidNode = parts[1];
  let sid: CmsSignerInfo['sid'];
  if (sidNode?.tag === Tag.sequence) {
    const [issuer, serial] = sidNode.children;
    sid = {
      issuer: rawBytes(expect(issuer, Tag.sequence, 'issuer Name')),
      serial: contentBytes(expect(serial, Tag.integer, 'serialNumber')),
    };
  } else if (sidNode?.tag === 0x80) {
    sid = { subjectKeyIdentifier: contentBytes(sidNode) };
  } else {
    throw new CmsError('CMS: unsupported SignerIdentifier');
  }
  const digestAlgorithm = decodeOid(expect(expect(parts[2], Tag.sequence, 'digestAlgorithm').children[0], Tag.oid, 'OID'));
  let index = 3;
  let signedAttrs: DerNode | null = null;
  if (parts[index]?.tag === 0xa0) {
    signedAttrs = parts[index] as DerNode;
    index++;
  }
  const sigAlgNode = expect(parts[index], Tag.sequence, 'signatureAlgorithm');
  const signatureAlgorithm = decodeOid(expect(sigAlgNode.children[0], Tag.oid, 'OID'));
  const signature = contentBytes(expect(parts[index + 1], Tag.octetString, 'signature'));
  return { sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature };
}

/** Values of one attribute (a SET of AttributeValue) inside signed attributes, or null. */
export function findAttribute(signedAttrs: DerNode, oid: string): DerNode[] | null {
  for (const attr of signedAttrs.children) {
    const [type, values] = attr.children;
    if (type?.tag === Tag.oid && decodeOid(type) === oid && values?.tag === Tag.set) return values.children;
  }
  return null;
}

/** issuer Name DER, serial INTEGER contents and subjectKeyIdentifier of an X.509 certificate. */
export function certificateIds(certDer: Buffer): { issuer: Buffer; serial: Buffer; ski: Buffer | null } {
  const tbs = expect(expect(parseDer(certDer), Tag.sequence, 'Certificate').children[0], Tag.sequence, 'TBSCertificate');
  let i = tbs.children[0]?.tag === 0xa0 ? 1 : 0;
  const serial = contentBytes(expect(tbs.children[i++], Tag.integer, 'serialNumber'));
  i++; // signature AlgorithmIdentifier
  const issuer = rawBytes(expect(tbs.children[i], Tag.sequence, 'issuer'));
  let ski: Buffer | null = null;
  const extWrapper = tbs.children.find((c) => c.tag === 0xa3);
  for (const ext of extWrapper?.children[0]?.children ?? []) {
    const [id, ...rest] = ext.children;
    const value = rest[rest.length - 1];
    if (id?.tag === Tag.oid && decodeOid(id) === OID.subjectKeyIdentifier && value?.tag === Tag.octetString) {
      const inner = parseDer(contentBytes(value));
      if (inner.tag === Tag.octetString) ski = contentBytes(inner);
    }
  }
  return { issuer, serial, ski };
}
