import { createHash, sign } from 'node:crypto';
import { contextConstructed, nul, octetString, oid, sequence, set, smallInteger, time } from '../device/der-writer.js';
import { child, parseDer, Tag } from './der.js';
import { ProfileError } from './errors.js';
import type { SupervisionIdentity } from './identity.js';
import { OID } from './oids.js';

/**
 * CMS (PKCS#7) SignedData exactly as docs/device-protocols.md §4.7 describes what the device accepts and
 * what pymobiledevice3 sends: content embedded, SHA-256, the signer certificate included (first),
 * DER, with signed attributes contentType, signingTime, messageDigest and S/MIME capabilities.
 * The same structure signs .mobileconfig files (`openssl smime -sign -nodetach -outform der`).
 *
 * The DER is written directly (device/der-writer.ts) and Node's crypto signs: every device of a
 * batch answers an escalation challenge inline, and laying the structure out through pkijs cost
 * several times the signature (issue 14 profile). RFC 5652 §5: SignedData, SignerInfo, attributes.
 */
export interface CmsSignOptions {
  /** The signingTime attribute (default: now). */
  signingTime?: Date;
}

const algorithm = (id: string, withNullParams = false) => sequence([oid(id), ...(withNullParams ? [nul()] : [])]);
const SHA256 = algorithm(OID.sha256);
const attribute = (type: string, value: Buffer) => sequence([oid(type), set([value])]);
const SMIME_CAPABILITIES = sequence([OID.aes256CBC, OID.aes192CBC, OID.aes128CBC].map((id) => sequence([oid(id)])));

function signatureAlgorithm(identity: SupervisionIdentity): Buffer {
  const type = identity.privateKey.asymmetricKeyType;
  if (type === 'rsa') return algorithm(OID.rsaEncryption, true);
  if (type === 'ec') return algorithm(OID.ecdsaWithSHA256);
  throw new ProfileError('IDENTITY_INVALID', `cannot sign with a ${type ?? 'unknown'} key (use RSA or P-256)`);
}

/**
 * The signer's IssuerAndSerialNumber (RFC 5652 §10.2.4), from the certificate's own bytes: the
 * device matches it against the certificate it was sent. Read once per certificate (every device
 * of a batch signs with the same identity); keyed by the DER buffer, which identities keep unchanged.
 */
const signerIds = new WeakMap<Buffer, Buffer>();
function issuerAndSerial(certificate: Buffer): Buffer {
  let id = signerIds.get(certificate);
  if (id) return id;
  try {
    const tbs = child(parseDer(certificate), 0, Tag.SEQUENCE, 'certificate');
    // TBSCertificate: [0] version (absent for v1), serialNumber, signature, issuer, …
    const at = tbs.children[0]?.tag === 0xa0 ? 1 : 0;
    id = sequence([child(tbs, at + 2, Tag.SEQUENCE, 'certificate issuer').raw, child(tbs, at, Tag.INTEGER, 'certificate serial number').raw]);
  } catch (cause) {
    throw new ProfileError('IDENTITY_INVALID', `the identity certificate is unreadable (${(cause as Error).message}); re-export it`);
  }
  signerIds.set(certificate, id);
  return id;
}

/** The signed attributes (RFC 5652 §5.3) as a DER SET OF, sorted as X.690 §11.6 asks. */
function signedAttributes(content: Buffer, options: CmsSignOptions): Buffer[] {
  return [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, time(options.signingTime ?? new Date())),
    attribute(OID.messageDigest, octetString(createHash('sha256').update(content).digest())),
    attribute(OID.smimeCapabilities, SMIME_CAPABILITIES),
  ].sort(Buffer.compare);
}

function signedData(content: Buffer, identity: SupervisionIdentity, attributes: Buffer[], signature: Buffer): Buffer {
  const signerInfo = sequence([smallInteger(1), issuerAndSerial(identity.certificate), SHA256, contextConstructed(0, Buffer.concat(attributes)), signatureAlgorithm(identity), octetString(signature)]);
  const body = sequence([
    smallInteger(1),
    set([SHA256]),
    sequence([oid(OID.data), contextConstructed(0, octetString(content))]),
    // [0] IMPLICIT certificates, as sent: the device takes the FIRST as the signer's (§4.7) and
    // compares it byte for byte, so each goes out as the exact bytes the identity holds.
    contextConstructed(0, Buffer.concat([identity.certificate, ...identity.chain])),
    set([signerInfo]),
  ]);
  return sequence([oid(OID.signedData), contextConstructed(0, body)]);
}

/** Sign `content` as attached CMS SignedData (DER). */
export function signCms(content: Buffer, identity: SupervisionIdentity, options: CmsSignOptions = {}): Buffer {
  issuerAndSerial(identity.certificate); // an unreadable certificate fails before the key is used
  const attributes = signedAttributes(content, options);
  // The signature covers the attributes encoded as a SET (RFC 5652 §5.4), not with their [0] IMPLICIT tag.
  return signedData(content, identity, attributes, sign('sha256', set(attributes), identity.privateKey));
}

/**
 * As signCms, with the private-key operation on libuv's pool (node:crypto's callback form): a
 * batch's devices reach the escalation step together, and 100 RSA signatures in a row on the
 * JavaScript thread held every timer, socket and screen update of the station for their sum.
 */
export async function signCmsAsync(content: Buffer, identity: SupervisionIdentity, options: CmsSignOptions = {}): Promise<Buffer> {
  issuerAndSerial(identity.certificate);
  const attributes = signedAttributes(content, options);
  const signature = await new Promise<Buffer>((resolve, reject) => {
    sign('sha256', set(attributes), identity.privateKey, (err, sig) => (err ? reject(err) : resolve(sig)));
  });
  return signedData(content, identity, attributes, signature);
}

function checkChallenge(challenge: Buffer): void {
  if (challenge.length === 0) throw new ProfileError('SIGNATURE_INVALID', 'the device sent an empty challenge');
}

/** Sign an escalation challenge (MCInstall EscalateResponse, §4.7) or a PairingChallenge (§3.6). */
export function signChallenge(challenge: Buffer, identity: SupervisionIdentity, options: CmsSignOptions = {}): Buffer {
  checkChallenge(challenge);
  return signCms(challenge, identity, options);
}

/** signChallenge off the JavaScript thread (signCmsAsync): what a station answering many devices uses. */
export async function signChallengeAsync(challenge: Buffer, identity: SupervisionIdentity, options: CmsSignOptions = {}): Promise<Buffer> {
  checkChallenge(challenge);
  return signCmsAsync(challenge, identity, options);
}
