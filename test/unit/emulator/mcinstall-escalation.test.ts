import { describe, expect, it } from 'vitest';
import type { McInstallSession } from '../../emulator/mcinstall/contract.js';
import { makeSession } from './helpers/fake-device.js';
import { profileDict, xml } from './helpers/profiles.js';
import { makeIdentity, signCms } from './helpers/supervision-identity.js';

const supervisor = makeIdentity('Cartwright Supervisor');
const stranger = makeIdentity('Another Organization');

async function supervisedSession(): Promise<McInstallSession> {
  const { session } = makeSession();
  await session.handle({
    RequestType: 'SetCloudConfiguration',
    CloudConfiguration: { IsSupervised: true, OrganizationName: 'Acme', SupervisorHostCertificates: [supervisor.certDer] },
  });
  return session;
}

async function challenge(session: McInstallSession): Promise<Buffer> {
  const reply = await session.handle({ RequestType: 'Escalate', SupervisorCertificate: supervisor.certDer });
  expect(reply.Status).toBe('Acknowledged');
  return reply.Challenge as Buffer;
}

const silentInstall = { RequestType: 'InstallProfileSilent', Payload: xml(profileDict('com.acme.x')) };

describe('Escalate / EscalateResponse (§4.7)', () => {
  it('rejects a certificate that is not a SupervisorHostCertificate', async () => {
    const session = await supervisedSession();
    expect(await session.handle({ RequestType: 'Escalate', SupervisorCertificate: stranger.certDer }))
      .toEqual({ Status: 'CertificateRejected' });
    // go-ios "EscalateUnsupervised" during Prepare.
    expect(await session.handle({ RequestType: 'Escalate', SupervisorCertificate: Buffer.from([0]) }))
      .toEqual({ Status: 'CertificateRejected' });
  });

  it('rejects every certificate on an unsupervised device', async () => {
    const { session } = makeSession();
    expect(await session.handle({ RequestType: 'Escalate', SupervisorCertificate: supervisor.certDer }))
      .toEqual({ Status: 'CertificateRejected' });
  });

  it('accepts the challenge signed with SHA-256 by the supervision identity, with or without attributes', async () => {
    for (const signedAttributes of [true, false]) {
      const session = await supervisedSession();
      const signedRequest = signCms(await challenge(session), supervisor, { signedAttributes });
      expect(await session.handle({ RequestType: 'EscalateResponse', SignedRequest: signedRequest })).toEqual({ Status: 'Acknowledged' });
      expect(await session.handle(silentInstall)).toEqual({ Status: 'Acknowledged' });
    }
  });

  it('rejects the challenge signed by another identity', async () => {
    const session = await supervisedSession();
    const signedRequest = signCms(await challenge(session), stranger);
    expect(await session.handle({ RequestType: 'EscalateResponse', SignedRequest: signedRequest })).toEqual({ Status: 'SignedRequestRejected' });
    expect(await session.handle(silentInstall)).toEqual({ Status: 'CommandFormatError' });
  });

  it('rejects a signature whose content was altered', async () => {
    const session = await supervisedSession();
    const nonce = await challenge(session);
    const der = Buffer.from(signCms(nonce, supervisor));
    const at = der.indexOf(nonce);
    der[at] = (der[at] as number) ^ 0x01;
    expect(await session.handle({ RequestType: 'EscalateResponse', SignedRequest: der })).toEqual({ Status: 'SignedRequestRejected' });
  });

  it('rejects a valid signature over something other than the challenge', async () => {
    const session = await supervisedSession();
    await challenge(session);
    const signedRequest = signCms(Buffer.from('0000000000000000', 'hex'), supervisor);
    expect(await session.handle({ RequestType: 'EscalateResponse', SignedRequest: signedRequest })).toEqual({ Status: 'SignedRequestRejected' });
  });

  it('allows one answer per challenge and none without Escalate', async () => {
    const session = await supervisedSession();
    const orphan = signCms(Buffer.alloc(8), supervisor);
    expect(await session.handle({ RequestType: 'EscalateResponse', SignedRequest: orphan })).toEqual({ Status: 'SignedRequestRejected' });
    const nonce = await challenge(session);
    await session.handle({ RequestType: 'EscalateResponse', SignedRequest: signCms(nonce, stranger) });
    // The right answer after a failed one is too late: the challenge was cleared.
    expect(await session.handle({ RequestType: 'EscalateResponse', SignedRequest: signCms(nonce, supervisor) }))
      .toEqual({ Status: 'SignedRequestRejected' });
    expect(await session.handle({ RequestType: 'EscalateResponse', SignedRequest: 'not data' })).toEqual({ Status: 'SignedRequestRejected' });
  });
});
