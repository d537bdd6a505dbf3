import { constants } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';

export interface TlsServerOptions {
  devicePrivateKeyPem: string;
  /** The DeviceCertificate the host created in Pair: a real device presents exactly this. */
  deviceCertificatePem: Buffer;
  /**
   * iOS < 10: libimobiledevice caps at TLS 1.0, which Node only serves at SECLEVEL 0
   * (docs/device-protocols.md §3.7).
   */
  legacy: boolean;
  /** Client certificates this pairing allows: its RootCertificate (OpenSSL build) or HostCertificate (GnuTLS, pymobiledevice3, go-ios). */
  acceptedClientCertsPem: Buffer[];
}

/** Wraps the raw tunnel in a TLS server on the same bytes, right after the StartSession reply. */
export function startTlsServer(raw: Duplex, leftover: Buffer, options: TlsServerOptions, onRejected: (why: string) => void): TLSSocket {
  if (leftover.length > 0) raw.unshift(leftover);
  const tls = new TLSSocket(raw, { isServer: true, secureContext: contextFor(options), requestCert: true, rejectUnauthorized: false });
  const accepted = options.acceptedClientCertsPem.map(derOf).filter((d): d is Buffer => d !== null);
  tls.once('secure', () => {
    // The leaf's DER only: getPeerCertificate(true) would also build the chain's JS objects
    // (fingerprints, modulus, issuer links) just to read .raw.
    const der = tls.getPeerX509Certificate()?.raw;
    if (!der || !accepted.some((a) => a.equals(der))) {
      onRejected(der ? 'client certificate is not from this pairing' : 'no client certificate');
      tls.destroy();
    }
  });
  return tls;
}

/**
 * One context per pairing (its DeviceCertificate) and TLS range, made on its first session: parsing
 * the RSA key and certificate for each of a Prepare's ~20 sessions per device was a visible part of
 * the cart's CPU. Tickets are off so a shared context changes nothing on the wire that matters: as
 * with a fresh context per session, every session is a full handshake (libimobiledevice never
 * resumes one: src/idevice.c idevice_connection_enable_ssl makes a new SSL_CTX and SSL per
 * connection and never sets a session).
 */
const contexts = new WeakMap<Buffer, Map<string, SecureContext>>();

function contextFor(options: TlsServerOptions): SecureContext {
  let byKey = contexts.get(options.deviceCertificatePem);
  if (!byKey) {
    byKey = new Map();
    contexts.set(options.deviceCertificatePem, byKey);
  }
  const id = `${options.legacy ? 'legacy' : 'modern'}\n${options.devicePrivateKeyPem}`;
  let context = byKey.get(id);
  if (!context) {
    context = createSecureContext({
      key: options.devicePrivateKeyPem,
      cert: options.deviceCertificatePem,
      minVersion: 'TLSv1',
      maxVersion: options.legacy ? 'TLSv1' : 'TLSv1.3',
      ciphers: 'DEFAULT:@SECLEVEL=0',
      secureOptions: constants.SSL_OP_NO_TICKET,
    });
    byKey.set(id, context);
  }
  return context;
}

const ders = new WeakMap<Buffer, Buffer | null>();
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/**
 * The DER bytes of a pair record certificate: its PEM body, base64-decoded (RFC 7468), or the
 * bytes themselves when they are DER already. Only ever compared with the certificate the client
 * presented, which TLS has parsed, so bytes that are no certificate simply never match; parsing
 * each with X509Certificate showed in the cart's profile.
 */
function derOf(pem: Buffer): Buffer | null {
  let der = ders.get(pem);
  if (der === undefined) {
    const body = PEM_CERTIFICATE.exec(pem.toString('latin1'))?.[1];
    der = body !== undefined ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : pem[0] === 0x30 ? pem : null;
    ders.set(pem, der);
  }
  return der;
}
