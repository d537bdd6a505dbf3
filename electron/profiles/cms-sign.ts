import { createHash, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ProfileError } from './errors.js';
import type { SupervisionIdentity } from './identity.js';
import { OID } from './oids.js';
import { arrayBuffer as view, sortedForDer, toDer as der } from './pki-der.js';

/**
 * CMS (PKCS#7) SignedData exactly as docs/device-protocols.md §4.7 describes what the device accepts and
 * what pymobiledevice3 sends: content embedded, SHA-256, the signer certificate included (first),
 * DER, with signed attributes contentType, signingTime, messageDigest and S/MIME capabilities.
 * The same structure signs .mobileconfig files (`openssl smime -sign -nodetach -outform der`).
 *
 * pkijs lays the structure out; Node's crypto signs, because pkijs signs only through WebCrypto,
 * which is asynchronous, and a challenge is answered inline.
 */
export interface CmsSignOptions {
  /** The signingTime attribute (default: now). */
  signingTime?: Date;
}

const algorithm = (algorithmId: string, algorithmParams?: asn1js.Null) => new pkijs.AlgorithmIdentifier({ algorithmId, ...(algorithmParams ? { algorithmParams } : {}) });
const attribute = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });

function signatureAlgorithm(identity: SupervisionIdentity): pkijs.AlgorithmIdentifier {
  const type = identity.privateKey.asymmetricKeyType;
  if (type === 'rsa') return algorithm(OID.rsaEncryption, new asn1js.Null());
  if (type === 'ec') return algorithm(OID.ecdsaWithSHA256);
  throw new ProfileError('IDENTITY_INVALID', `cannot sign with a ${type ?? 'unknown'} key (use RSA or P-256)`);
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5652 §11.3), whole seconds. */
function signingTime(date: Date): asn1js.BaseBlock {
  const valueDate = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return valueDate.getUTCFullYear() < 2050 ? new asn1js.UTCTime({ valueDate }) : new asn1js.GeneralizedTime({ valueDate });
}

/**
 * A certificate that goes out as the exact bytes it was parsed from. pkijs would parse its
 * to-be-signed part again and re-encode it at every signature; the bytes are what the device
 * compares anyway (§4.7).
 */
class VerbatimCertificate extends pkijs.Certificate {
  constructor(private readonly derBytes: Buffer) {
    super({ schema: pkijs.Certificate.fromBER(view(derBytes)).toSchema() });
  }

  override toSchema(): asn1js.Sequence {
    return verbatim(this.derBytes) as unknown as asn1js.Sequence;
  }
}

/** An encoded value asn1js writes out unchanged (asn1js's own RawData ignores the writer a constructed parent passes). */
function verbatim(bytes: Buffer): { toBER(sizeOnly?: boolean, writer?: { write(b: ArrayBuffer): void }): ArrayBuffer } {
  const encoded = view(bytes);
  return {
    toBER: (_sizeOnly, writer) => {
      if (!writer) return encoded.slice(0);
      writer.write(encoded.slice(0));
      return new ArrayBuffer(0);
    },
  };
}

/**
 * Parsed once per certificate: every device of a batch answers its escalation challenge with the
 * same identity, and parsing and re-encoding the certificates was most of a signature's cost.
 * Keyed by the DER buffer (identities hold theirs unchanged), so a new identity never meets an
 * old parse.
 */
const parsedCertificates = new WeakMap<Buffer, VerbatimCertificate>();
function parsedCertificate(derBytes: Buffer): VerbatimCertificate {
  let parsed = parsedCertificates.get(derBytes);
  if (!parsed) parsedCertificates.set(derBytes, (parsed = new VerbatimCertificate(derBytes)));
  return parsed;
}

/** Sign `content` as attached CMS SignedData (DER). */
export function signCms(content: Buffer, identity: SupervisionIdentity, options: CmsSignOptions = {}): Buffer {
  const signer = parsedCertificate(identity.certificate);
  const chain = identity.chain.map(parsedCertificate);
  const smimeCapabilities = new asn1js.Sequence({
    value: [OID.aes256CBC, OID.aes192CBC, OID.aes128CBC].map((id) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: id })] })),
  });
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: sortedForDer([
      attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
      attribute(OID.signingTime, signingTime(options.signingTime ?? new Date())),
      attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: view(createHash('sha256').update(content).digest()) })),
      attribute(OID.smimeCapabilities, smimeCapabilities),
    ]),
  });
  // The signature covers the attributes encoded as a SET (RFC 5652 §5.4), not with their [0] IMPLICIT tag.
  const signedBytes = der(signedAttrs.toSchema());
  signedBytes[0] = 0x31;
  const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.data });
  // Set after construction: given to the constructor, pkijs re-wraps the content as a constructed
  // (BER) OCTET STRING, and this CMS is DER.
  encapContentInfo.eContent = new asn1js.OctetString({ valueHex: view(content) });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [algorithm(OID.sha256)],
    encapContentInfo,
    // The device takes the FIRST certificate as the signer's (§4.7), so keep this order.
    certificates: [signer, ...chain],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
        digestAlgorithm: algorithm(OID.sha256),
        signedAttrs,
        signatureAlgorithm: signatureAlgorithm(identity),
        signature: new asn1js.OctetString({ valueHex: view(sign('sha256', signedBytes, identity.privateKey)) }),
      }),
    ],
  });
  // toSchema(false): certificates go out from the bytes they were parsed from, not re-encoded.
  const cms = der(new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(false) }).toSchema());
  // The device compares the signer certificate byte for byte (§4.7): refuse to send anything else.
  if (!cms.includes(identity.certificate)) throw new ProfileError('IDENTITY_INVALID', 'the identity certificate is not DER-encoded, so it cannot be sent unchanged; re-export it');
  return cms;
}

/** Sign an escalation challenge (MCInstall EscalateResponse, §4.7) or a PairingChallenge (§3.6). */
export function signChallenge(challenge: Buffer, identity: SupervisionIdentity, options: CmsSignOptions = {}): Buffer {
  if (challenge.length === 0) throw new ProfileError('SIGNATURE_INVALID', 'the device sent an empty challenge');
  return signCms(challenge, identity, options);
}
