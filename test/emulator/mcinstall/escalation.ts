/**
 * Escalate / EscalateResponse (docs/device-protocols.md §4.7), per connection as
 * `_commandEscalate*` keep it: the challenge and the presented certificate live on the parser, and
 * success swaps the connection to the supervised ("Chaperone") parser.
 */
import { randomBytes } from 'node:crypto';
import type { McInstallDevice } from './contract.js';
import { parseCmsSignedData } from './cms.js';
import { verifyCmsSignature } from './cms-verify.js';
import { supervisorCertificates } from './device-state.js';
import { asBuffer, isData, type Dict } from './plist-data.js';
import { Status, acknowledged, withStatus, type Reply } from './reply.js';

export class Escalation {
  private challenge: Buffer | null = null;
  private challengeCertificate: Buffer | null = null;
  /** Set by a verified EscalateResponse; lasts for this connection only. */
  escalated = false;

  escalate(device: McInstallDevice, request: Dict): Reply {
    const presented = request.SupervisorCertificate;
    const cert = isData(presented) ? asBuffer(presented) : null;
    if (!cert || !supervisorCertificates(device).some((c) => c.equals(cert))) {
      return withStatus(Status.certificateRejected);
    }
    this.challengeCertificate = Buffer.from(cert);
    this.challenge = randomBytes(8);
    return acknowledged({ Challenge: Buffer.from(this.challenge) });
  }

  respond(request: Dict): Reply {
    const challenge = this.challenge;
    const expectedCert = this.challengeCertificate;
    // One attempt per challenge, whatever the outcome.
    this.challenge = null;
    this.challengeCertificate = null;
    const signed = request.SignedRequest;
    if (!challenge || !expectedCert || !isData(signed)) return withStatus(Status.signedRequestRejected);
    const der = asBuffer(signed);
    const result = verifyCmsSignature(der, [expectedCert]);
    if (!result.ok || !result.content?.equals(challenge) || !firstCertificateIs(der, expectedCert)) {
      return withStatus(Status.signedRequestRejected);
    }
    this.escalated = true;
    return acknowledged();
  }
}

/** The device compares the first certificate of the CMS set, not the signer's, to Escalate's. */
function firstCertificateIs(der: Buffer, expected: Buffer): boolean {
  try {
    return parseCmsSignedData(der).certificates[0]?.equals(expected) ?? false;
  } catch {
    return false;
  }
}
