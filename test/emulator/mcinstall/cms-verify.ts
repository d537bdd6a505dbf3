/**
 * CMS SignedData signature verification, as the device does it for EscalateResponse
 * (docs/device-protocols.md §4.7) and lockdownd for the supervised pairing ChallengeResponse
 * (§3.6). node-forge cannot do this (pkcs7.verify() throws "not yet implemented", and forge.pki
 * rejects EC keys), so the structure is read with our offset-keeping DER reader and the signature
 * checked with node:crypto, which handles RSA (PKCS#1 v1.5 and PSS), ECDSA and Ed25519 signers.
 */
import { X509Certificate, createHash, constants, verify, type KeyObject } from 'node:crypto';
import { Tag, contentBytes, decodeOid, reencode } from './der.js';
import { OID, certificateIds, findAttribute, parseCmsSignedData, type CmsSignedData, type CmsSignerInfo } from './cms.js';

export interface CmsVerification {
  /** True only when every signature verifies and (if trusted certs were given) a signer is trusted. */
  ok: boolean;
  /** The embedded content; null unless ok. */
  content: Buffer | null;
  /** The DER of the (trusted) signer's certificate; null unless ok. */
  signerCertificate: Buffer | null;
}

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const RSA_PSS = '1.2.840.113549.1.1.10';
const ED25519 = '1.3.101.112';
const SIGNATURE_ALGORITHMS = new Set([
  '1.2.840.113549.1.1.1', // rsaEncryption, what most CMS producers put here
  '1.2.840.113549.1.1.5',
  '1.2.840.113549.1.1.11',
  '1.2.840.113549.1.1.12',
  '1.2.840.113549.1.1.13',
  RSA_PSS,
  '1.2.840.10045.2.1', // id-ecPublicKey, used by some producers instead of ecdsa-with-SHAx
  '1.2.840.10045.4.1',
  '1.2.840.10045.4.3.2',
  '1.2.840.10045.4.3.3',
  '1.2.840.10045.4.3.4',
  ED25519,
]);

const REJECTED: CmsVerification = { ok: false, content: null, signerCertificate: null };

/**
 * Verify a DER (or BER) CMS SignedData with embedded content. The signer certificate must be in
 * the message's certificate set; when `trustedCertsDer` is non-empty it must also be byte-equal
 * to one of them. Certificate chains and validity dates are not evaluated: the device checks the
 * signer against the pinned supervisor certificate, not a PKI.
 */
export function verifyCmsSignature(signedDer: Buffer, trustedCertsDer: Buffer[]): CmsVerification {
  let cms: CmsSignedData;
  try {
    cms = parseCmsSignedData(signedDer);
  } catch {
    return REJECTED;
  }
  const content = cms.content;
  if (content === null || cms.signerInfos.length === 0) return REJECTED;
  let trustedSigner: Buffer | null = null;
  for (const signer of cms.signerInfos) {
    const cert = findSignerCertificate(cms, signer);
    if (!cert || !signatureValid(cms, signer, cert, content)) return REJECTED;
    const trusted = trustedCertsDer.length === 0 || trustedCertsDer.some((t) => t.equals(cert));
    if (trusted && !trustedSigner) trustedSigner = cert;
  }
  if (!trustedSigner) return REJECTED;
  return { ok: true, content, signerCertificate: trustedSigner };
}

function findSignerCertificate(cms: CmsSignedData, signer: CmsSignerInfo): Buffer | null {
  for (const cert of cms.certificates) {
    try {
      const ids = certificateIds(cert);
      if ('subjectKeyIdentifier' in signer.sid) {
        if (ids.ski?.equals(signer.sid.subjectKeyIdentifier)) return cert;
      } else if (ids.issuer.equals(signer.sid.issuer) && ids.serial.equals(signer.sid.serial)) {
        return cert;
      }
    } catch {
      // An unparsable extra certificate cannot be the signer; keep looking.
    }
  }
  return null;
}

/**
 * Signer public keys by certificate bytes: one station signs every device's EscalateResponse with
 * the same supervision identity, and parsing its certificate each time showed in the cart's profile.
 */
const signerKeys = new Map<string, KeyObject>();

function publicKeyOf(certDer: Buffer): KeyObject {
  const id = certDer.toString('base64');
  let key = signerKeys.get(id);
  if (!key) {
    key = new X509Certificate(certDer).publicKey;
    if (signerKeys.size >= 256) signerKeys.clear();
    signerKeys.set(id, key);
  }
  return key;
}

function signatureValid(cms: CmsSignedData, signer: CmsSignerInfo, certDer: Buffer, content: Buffer): boolean {
  const hash = DIGESTS[signer.digestAlgorithm];
  if (!hash || !SIGNATURE_ALGORITHMS.has(signer.signatureAlgorithm)) return false;
  let signedBytes = content;
  try {
    if (signer.signedAttrs) {
      // RFC 5652 §5.4: with signed attributes the signature covers their DER as a SET, and
      // messageDigest binds the content; contentType, when present, must match eContentType.
      const digest = findAttribute(signer.signedAttrs, OID.messageDigest);
      if (digest?.length !== 1 || digest[0]?.tag !== Tag.octetString) return false;
      const expected = createHash(hash).update(content).digest();
      if (!contentBytes(digest[0]).equals(expected)) return false;
      const type = findAttribute(signer.signedAttrs, OID.contentType);
      if (type && (type.length !== 1 || !type[0] || decodeOid(type[0]) !== cms.eContentType)) return false;
      signedBytes = reencode(signer.signedAttrs, Tag.set);
    }
    const publicKey = publicKeyOf(certDer);
    if (publicKey.asymmetricKeyType === 'ed25519') {
      return verify(null, signedBytes, publicKey, signer.signature);
    }
    if (signer.signatureAlgorithm === RSA_PSS) {
      return verify(hash, signedBytes, {
        key: publicKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_AUTO,
      }, signer.signature);
    }
    return verify(hash, signedBytes, publicKey, signer.signature);
  } catch {
    return false;
  }
}
