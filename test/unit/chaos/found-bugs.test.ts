import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSupervisionIdentity, inspectProfile, signProfile, summarizeCertificate } from '../../../electron/profiles/index.js';
import { walkDer } from '../../chaos/core/der.js';
import { seedDeviceAndBlueprint, testStore } from '../store/helpers.js';

/** Regressions for what `npm run chaos` found: each was an untyped error escaping a fuzz case. */
describe('found by the chaos fuzzer', () => {
  it('a signed profile whose signer certificate has an unreadable date is reported, not a RangeError', async () => {
    const identity = await createSupervisionIdentity({ organization: 'Chaos Org', keyType: 'p256' });
    const profile = readFileSync(join(import.meta.dirname, '../../fixtures/profiles/mdm-enrollment.mobileconfig'));
    const signed = signProfile(profile, identity);
    // Month 99 in the certificate's first UTCTime (same length, so the DER stays well-formed).
    const time = walkDer(signed).find((t) => signed[t.tag] === 0x17 && t.size === 13);
    expect(time).toBeDefined();
    const damaged = Buffer.from(signed);
    damaged.write('99', (time?.contents as number) + 2, 'latin1');

    const cert = Buffer.from(identity.certificate);
    const certTime = walkDer(cert).find((t) => cert[t.tag] === 0x17) as { contents: number };
    cert.write('99', certTime.contents + 2, 'latin1');
    expect(() => summarizeCertificate(cert)).toThrow(expect.objectContaining({ code: 'CERTIFICATE_INVALID' }));

    const report = inspectProfile(damaged);
    expect(report.signed).toBe(true);
    expect(report.signer?.verified).toBe(false);
  });

  it('a certificate whose public key does not decode is CERTIFICATE_INVALID, not a bare OpenSSL error', async () => {
    const identity = await createSupervisionIdentity({ organization: 'Chaos Org', keyType: 'p256' });
    const cert = Buffer.from(identity.certificate);
    // The P-256 point (BIT STRING of 66 bytes): damaged, it is no longer on the curve.
    const key = walkDer(cert).find((t) => cert[t.tag] === 0x03 && t.size === 66) as { contents: number };
    cert[key.contents + 10] = (cert[key.contents + 10] as number) ^ 0xff;
    expect(() => summarizeCertificate(cert)).toThrow(expect.objectContaining({ code: 'CERTIFICATE_INVALID' }));
  });

  it('a signed profile whose signer key does not decode reports a signature problem instead of throwing an OpenSSL error', async () => {
    const identity = await createSupervisionIdentity({ organization: 'Chaos Org', keyType: 'p256' });
    const signed = signProfile(readFileSync(join(import.meta.dirname, '../../fixtures/profiles/mdm-enrollment.mobileconfig')), identity);
    const key = walkDer(signed).find((t) => signed[t.tag] === 0x03 && t.size === 66) as { contents: number };
    signed[key.contents + 10] = (signed[key.contents + 10] as number) ^ 0xff;
    const report = inspectProfile(signed);
    expect(report.signer).toMatchObject({ verified: false, problem: { code: 'SIGNATURE_INVALID' } });
  });

  it('a step and its audit entry commit together, so a kill between them cannot leave an unaudited step', () => {
    const { store } = testStore();
    const { udid, blueprint } = seedDeviceAndBlueprint(store);
    const { id } = store.jobs.create({ udid, blueprint, steps: ['pair', 'rename'] });
    const audit = (step: string) => () => void store.audit.append({ actor: 't', source: 'system', action: `step.${step}`, udid, details: { jobId: id } });
    store.jobs.startStep(id, 0);
    store.jobs.succeedStep(id, 0, null, audit('pair'));
    expect(store.audit.query({ action: 'step.pair' })).toHaveLength(1);
    // If the audit write fails, the step is not recorded as done either (one transaction).
    store.jobs.startStep(id, 1);
    expect(() => store.jobs.skipStep(id, 1, 'done', () => {
      throw new Error('disk full');
    })).toThrow('disk full');
    expect(store.jobs.get(id)?.steps[1]?.state).toBe('running');
  });
});
