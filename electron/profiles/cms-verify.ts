import { createHash, verify, type X509Certificate } from 'node:crypto';
import { DerError, child, contextTag, decodeOid, decodeTime, octets, parseDer, Tag, type DerNode } from './der.js';
import { ProfileError } from './errors.js';
import { DIGEST_NAMES, OID } from './oids.js';
import { certificateIdentifiers, toX509 } from './x509.js';

/** A parsed CMS SignedData with embedded content (what a signed .mobileconfig or challenge response is). */
export interface SignedDataParts {
  content: Buffer;
  /** Every certificate in the CMS, in order (the device treats the first as the signer's). */
  certificates: Buffer[];
  signerInfo: DerNode;
}

export interface CmsVerification {
  content: Buffer;
  signerCertificate: Buffer;
  certificates: Buffer[];
  digestAlgorithm: string;
  signingTime: Date | null;
  /** True when a CA bundle was given and the signer chains to it. */
  chainVerified: boolean;
}

export interface CmsVerifyOptions {
  now?: Date;
  /** Trust anchors (root or intermediate CAs, or the signer itself); when given, the chain must reach one. */
  trustedCertificates?: Buffer[];
}

/** Quick test for "this looks like CMS SignedData" without throwing. */
export function looksLikeSignedData(bytes: Buffer): boolean {
  if (bytes[0] !== Tag.SEQUENCE) return false;
  try {
    return decodeOid(child(parseDer(bytes), 0, Tag.OID, 'content type')) === OID.signedData;
  } catch {
    return false;
  }
}

export function parseSignedData(bytes: Buffer): SignedDataParts {
  try {
    const contentInfo = parseDer(bytes);
    if (decodeOid(child(contentInfo, 0, Tag.OID, 'CMS content type')) !== OID.signedData) throw new DerError('not CMS SignedData');
    const signedData = child(child(contentInfo, 1, contextTag(0), 'SignedData'), 0, Tag.SEQUENCE, 'SignedData');
    const encapsulated = child(signedData, 2, Tag.SEQUENCE, 'encapsulated content');
    const eContent = encapsulated.children[1];
    if (!eContent) throw new ProfileError('PROFILE_UNREADABLE', 'the CMS signature is detached (no embedded content); sign with the content included');
    const certificates = signedData.children.find((c) => c.tag === contextTag(0))?.children.filter((c) => c.tag === Tag.SEQUENCE).map((c) => Buffer.from(c.raw)) ?? [];
    const signerInfos = signedData.children[signedData.children.length - 1];
    const signerInfo = signerInfos?.tag === Tag.SET ? signerInfos.children[0] : undefined;
    if (!signerInfo) throw new DerError('no SignerInfo');
    return { content: Buffer.from(octets(child(eContent, 0, undefined, 'content'))), certificates, signerInfo };
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    throw new ProfileError('PROFILE_UNREADABLE', `not a readable CMS signature (${(err as Error).message})`);
  }
}

function findSignerCertificate(sid: DerNode, certificates: Buffer[]): Buffer {
  const match = certificates.find((der) => {
    const ids = certificateIdentifiers(der);
    if (sid.tag === Tag.SEQUENCE) {
      return ids.issuer.equals(child(sid, 0, Tag.SEQUENCE, 'signer issuer').raw) && ids.serial.equals(child(sid, 1, Tag.INTEGER, 'signer serial').raw);
    }
    return ids.subjectKeyIdentifier !== null && ids.subjectKeyIdentifier.equals(sid.content);
  });
  if (!match) throw new ProfileError('SIGNATURE_INVALID', "the signer's certificate is not included in the signature");
  return match;
}

function attributeValue(signedAttributes: DerNode, type: string): DerNode | undefined {
  const attr = signedAttributes.children.find((a) => decodeOid(child(a, 0, Tag.OID, 'attribute')) === type);
  return attr?.children[1]?.children[0];
}

/** Verify the signature over the embedded content; optionally the chain to trusted CAs; and the signer's validity. */
export function verifySignedData(bytes: Buffer, options: CmsVerifyOptions = {}): CmsVerification {
  try {
    return verifyParsed(bytes, options);
  } catch (err) {
    if (err instanceof DerError) throw new ProfileError('PROFILE_UNREADABLE', `the CMS signature is malformed (${err.message})`);
    // OpenSSL refusing a damaged key or signature (ERR_OSSL_…, ERR_CRYPTO_…) means the signature cannot be checked.
    if (isCryptoError(err)) throw new ProfileError('SIGNATURE_INVALID', `the signature cannot be checked (${err.message})`);
    throw err;
  }
}

function isCryptoError(err: unknown): err is Error {
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^ERR_(OSSL|CRYPTO)_/.test(code);
}

function verifyParsed(bytes: Buffer, options: CmsVerifyOptions): CmsVerification {
  const now = options.now ?? new Date();
  const { content, certificates, signerInfo } = parseSignedData(bytes);
  const signerCertificate = findSignerCertificate(child(signerInfo, 1, undefined, 'signer identifier'), certificates);
  const digestOid = decodeOid(child(child(signerInfo, 2, Tag.SEQUENCE, 'digest algorithm'), 0, Tag.OID, 'digest algorithm'));
  const digestAlgorithm = DIGEST_NAMES[digestOid];
  if (!digestAlgorithm) throw new ProfileError('SIGNATURE_INVALID', `unsupported digest algorithm ${digestOid}`);
  const attrs = signerInfo.children[3]?.tag === contextTag(0) ? signerInfo.children[3] : undefined;
  const signature = octets(child(signerInfo, attrs ? 5 : 4, Tag.OCTET_STRING, 'signature'));
  let signedBytes = content;
  let signingTime: Date | null = null;
  if (attrs) {
    const digest = attributeValue(attrs, OID.messageDigest);
    if (!digest || !octets(digest).equals(createHash(digestAlgorithm).update(content).digest())) {
      throw new ProfileError('SIGNATURE_INVALID', 'the signed content was altered after signing (its digest does not match the signature)');
    }
    const time = attributeValue(attrs, OID.signingTime);
    signingTime = time ? decodeTime(time) : null;
    // The signature covers the attributes encoded as a SET, not with their [0] IMPLICIT tag.
    signedBytes = Buffer.concat([Buffer.from([Tag.SET]), attrs.raw.subarray(1)]);
  }
  const signer = toX509(signerCertificate);
  if (!verify(digestAlgorithm, signedBytes, signer.publicKey, signature)) {
    throw new ProfileError('SIGNATURE_INVALID', 'the signature does not match the content and the signer certificate');
  }
  checkValidity(signer, now, 'signer');
  const chainVerified = options.trustedCertificates ? verifyChain(signer, certificates, options.trustedCertificates, now) : false;
  return { content, signerCertificate, certificates, digestAlgorithm, signingTime, chainVerified };
}

function checkValidity(cert: X509Certificate, now: Date, role: string): void {
  if (now > new Date(cert.validTo)) {
    throw new ProfileError('SIGNER_EXPIRED', `the ${role} certificate "${cert.subject.replace(/\n/g, ', ')}" expired on ${new Date(cert.validTo).toISOString()}`);
  }
  if (now < new Date(cert.validFrom)) {
    throw new ProfileError('SIGNER_EXPIRED', `the ${role} certificate "${cert.subject.replace(/\n/g, ', ')}" is not valid before ${new Date(cert.validFrom).toISOString()}`);
  }
}

/**
 * A deliberately small path check (issuer names, signatures, validity) from the signer to a trust
 * anchor in the bundle; enough to answer "was this signed by our CA?" for a station.
 */
function verifyChain(signer: X509Certificate, included: Buffer[], trusted: Buffer[], now: Date): true {
  const anchors = trusted.map(toX509);
  const pool = [...included.map(toX509), ...anchors];
  let current = signer;
  for (let depth = 0; depth < 10; depth++) {
    if (anchors.some((a) => a.raw.equals(current.raw))) return true;
    const issuer = pool.find((c) => !c.raw.equals(current.raw) && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) break;
    checkValidity(issuer, now, 'issuing CA');
    current = issuer;
  }
  throw new ProfileError('SIGNER_UNTRUSTED', `the signer "${signer.subject.replace(/\n/g, ', ')}" does not chain to a certificate in the CA bundle`);
}
