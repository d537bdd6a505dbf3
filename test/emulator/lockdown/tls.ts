import { X509Certificate } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext } from 'node:tls';

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
  const secureContext = createSecureContext({
    key: options.devicePrivateKeyPem,
    cert: options.deviceCertificatePem,
    minVersion: 'TLSv1',
    maxVersion: options.legacy ? 'TLSv1' : 'TLSv1.3',
    ciphers: 'DEFAULT:@SECLEVEL=0',
  });
  const tls = new TLSSocket(raw, { isServer: true, secureContext, requestCert: true, rejectUnauthorized: false });
  const accepted = options.acceptedClientCertsPem.map(derOf).filter((d): d is Buffer => d !== null);
  tls.once('secure', () => {
    const peer = tls.getPeerCertificate(true);
    const der = peer && 'raw' in peer ? (peer.raw as Buffer | undefined) : undefined;
    if (!der || !accepted.some((a) => a.equals(der))) {
      onRejected(der ? 'client certificate is not from this pairing' : 'no client certificate');
      tls.destroy();
    }
  });
  return tls;
}

function derOf(pem: Buffer): Buffer | null {
  try {
    return new X509Certificate(pem).raw;
  } catch {
    return null;
  }
}
