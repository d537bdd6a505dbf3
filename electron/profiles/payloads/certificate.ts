import { ProfileError } from '../errors.js';
import { summarizeCertificate } from '../x509.js';
import type { PayloadDraft } from './draft.js';

/**
 * A certificate payload: `com.apple.security.root` for a self-signed CA, `com.apple.security.pkcs1`
 * for anything else (intermediates, server certificates), chosen from the certificate itself.
 */
export function certificatePayload(der: Buffer, name?: string): PayloadDraft {
  const summary = summarizeCertificate(der);
  const isRoot = summary.selfSigned;
  const label = name ?? summary.commonName ?? summary.subject;
  if (!label) throw new ProfileError('CERTIFICATE_INVALID', 'the certificate has no subject to name it by');
  return {
    type: isRoot ? 'com.apple.security.root' : 'com.apple.security.pkcs1',
    identifierSuffix: `cert.${summary.fingerprintSha256.replace(/:/g, '').slice(0, 16).toLowerCase()}`,
    displayName: label,
    content: { PayloadCertificateFileName: `${label.replace(/[^\w.-]+/g, '_')}.cer`, PayloadContent: new Uint8Array(der) },
  };
}
