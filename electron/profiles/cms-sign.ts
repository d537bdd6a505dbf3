import { createHash, sign } from 'node:crypto';
import { algorithm, explicit, integer, nullValue, octetString, oid, seq, setOf, time, tlv, toDer, type Asn1 } from './asn1.js';
import { ProfileError } from './errors.js';
import type { SupervisionIdentity } from './identity.js';
import { OID } from './oids.js';
import { certificateIdentifiers } from './x509.js';

/**
 * CMS (PKCS#7) SignedData exactly as docs/device-protocols.md §4.7 describes what the device accepts and
 * what pymobiledevice3 sends: content embedded, SHA-256, the signer certificate included (first),
 * DER, with signed attributes contentType, signingTime, messageDigest and S/MIME capabilities.
 * The same structure signs .mobileconfig files (`openssl smime -sign -nodetach -outform der`).
 */
export interface CmsSignOptions {
  /** The signingTime attribute (default: now). */
  signingTime?: Date;
}

const attribute = (type: string, value: Asn1): Asn1 => seq(oid(type), setOf(value));

function signatureAlgorithm(identity: SupervisionIdentity): Asn1 {
  const type = identity.privateKey.asymmetricKeyType;
  if (type === 'rsa') return algorithm(OID.rsaEncryption, nullValue());
  if (type === 'ec') return algorithm(OID.ecdsaWithSHA256);
  throw new ProfileError('IDENTITY_INVALID', `cannot sign with a ${type ?? 'unknown'} key (use RSA or P-256)`);
}

/** The content octets of the DER SET (its length may take more than one octet). */
function signedAttributesContent(set: Buffer): Buffer {
  const lengthOctet = set[1] ?? 0;
  return set.subarray(2 + (lengthOctet & 0x80 ? lengthOctet & 0x7f : 0));
}

/** Sign `content` as attached CMS SignedData (DER). */
export function signCms(content: Buffer, identity: SupervisionIdentity, options: CmsSignOptions = {}): Buffer {
  const { issuer, serial } = certificateIdentifiers(identity.certificate);
  const smimeCapabilities = seq(seq(oid(OID.aes256CBC)), seq(oid(OID.aes192CBC)), seq(oid(OID.aes128CBC)));
  // DER SET OF (sorted): the signature covers exactly this encoding, tagged as SET.
  const signedAttributes = toDer(
    setOf(
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.signingTime, time(options.signingTime ?? new Date())),
      attribute(OID.messageDigest, octetString(createHash('sha256').update(content).digest())),
      attribute(OID.smimeCapabilities, smimeCapabilities),
    ),
  );
  const signature = sign('sha256', signedAttributes, identity.privateKey);
  const signerInfo = seq(
    integer(1),
    tlv(0x30, Buffer.concat([issuer, serial])), // issuerAndSerialNumber: the certificate's own bytes
    algorithm(OID.sha256),
    tlv(0xa0, signedAttributesContent(signedAttributes)), // [0] IMPLICIT: the signed bytes, retagged
    signatureAlgorithm(identity),
    octetString(signature),
  );
  const signedData = seq(
    integer(1),
    setOf(algorithm(OID.sha256)),
    seq(oid(OID.data), explicit(0, octetString(content))),
    // The device takes the FIRST certificate as the signer's (§4.7), so keep this order; raw, as the device compares them.
    tlv(0xa0, Buffer.concat([identity.certificate, ...identity.chain])),
    setOf(signerInfo),
  );
  return toDer(seq(oid(OID.signedData), explicit(0, signedData)));
}

/** Sign an escalation challenge (MCInstall EscalateResponse, §4.7) or a PairingChallenge (§3.6). */
export function signChallenge(challenge: Buffer, identity: SupervisionIdentity, options: CmsSignOptions = {}): Buffer {
  if (challenge.length === 0) throw new ProfileError('SIGNATURE_INVALID', 'the device sent an empty challenge');
  return signCms(challenge, identity, options);
}
