import { describe, expect, it } from 'vitest';
import { adeWarning, readSerialCsv, reconcileSerials } from '../../../electron/mdm/ade.js';
import { expiryWarnings } from '../../../electron/mdm/expiry.js';
import { licenceRisks, planLicences } from '../../../electron/mdm/vpp.js';

describe('ADE awareness', () => {
  it('reads serials from an ABM export, an MDM export or a bare list, normalised', () => {
    expect(readSerialCsv('Serial Number,Device Model,Order Number\n f2lxx0000001 ,iPad,1\nF2LXX0000002,iPad,1\n')).toEqual(['F2LXX0000001', 'F2LXX0000002']);
    expect(readSerialCsv('\uFEFFDeviceFriendlyName,SerialNumber\nA,"DMP X0 0001"\nB,dmpx00001\n')).toEqual(['DMPX00001']);
    expect(readSerialCsv('F2LXX0000001\nf2lxx0000003\n\n')).toEqual(['F2LXX0000001', 'F2LXX0000003']);
    expect(() => readSerialCsv('Name,Model\nA,B\n')).toThrow(/no serial-number column/);
  });

  it('reports missing serials both ways', () => {
    const r = reconcileSerials(['A1', 'b2 ', 'C3'], ['a1', 'B2', 'D4']);
    expect(r).toEqual({ missingFromMdm: ['C3'], missingFromAbm: ['D4'], inBoth: 2, abmCount: 3, mdmCount: 3, inSync: false });
    expect(reconcileSerials(['x'], ['X']).inSync).toBe(true);
  });

  it('warns that an ADE-assigned serial must be staged through ADE (33004)', () => {
    const text = adeWarning({ serial: 'F2LXX0000001', assigned: true, server: 'WS1 Prod', profileName: 'Staging', profileUuid: 'u', profileStatus: 'assigned' });
    expect(text).toMatch(/F2LXX0000001 is ADE-assigned to WS1 Prod .*refused \(33004\); stage it through ADE/);
  });
});

describe('token and certificate expiry', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('warns 30 days ahead and after expiry, soonest first', () => {
    const w = expiryWarnings({ adeServerToken: '2026-06-20T00:00:00Z', vppContentToken: '2026-12-01T00:00:00Z', apnsCertificate: '2026-05-30T00:00:00Z' }, now);
    expect(w.map((x) => [x.item, x.level, x.daysLeft])).toEqual([
      ['apnsCertificate', 'expired', -2],
      ['adeServerToken', 'warning', 19],
    ]);
    expect(w[1]?.message).toBe('The ADE server token expires on 2026-06-20 (in 19 days): renew it before then.');
  });
});

describe('VPP licences', () => {
  const apps = [{ name: 'Hub', adamId: '1', deviceAssignable: true }, { name: 'Old Book', adamId: '2', deviceAssignable: false }];

  it('counts device-assigned licences per device and falls back to user licences for non-assignable apps', () => {
    const plan = planLicences({ apps, licensing: 'device', devices: 30, users: 120, flow: 'multi-user', facts: { apps: [{ name: 'Hub', adamId: '1', bundleId: null, assignmentModel: 'device', purchased: 40, assigned: 15, available: 25 }], tokens: [] } });
    expect(plan.needs).toEqual([
      { app: 'Hub', licensing: 'device', needed: 30, available: 25, shortfall: 5, notes: [] },
      { app: 'Old Book', licensing: 'user', needed: 120, available: null, shortfall: 0, notes: ['not device-assignable: needs user-assigned licences (an Apple ID per user)'] },
    ]);
    expect(plan.risks.join(' ')).toMatch(/staging user's Apple ID/);
  });

  it('needs one user licence per person under user licensing, with the Apple ID risks', () => {
    const plan = planLicences({ apps: apps.slice(0, 1), licensing: 'user', devices: 30, users: 12, flow: 'single-advanced' });
    expect(plan.needs[0]?.needed).toBe(12);
    expect(plan.risks.some((r) => /pre-configured Apple IDs/.test(r))).toBe(true);
    expect(planLicences({ apps: apps.slice(0, 1), licensing: 'device', devices: 5 }).risks).toEqual([]);
  });

  it("flags the seed's licence-inconsistency risks", () => {
    const risks = licenceRisks(
      [
        { name: 'Main sToken', environments: ['ws1-prod', 'ws1-uat'], organizationGroups: ['ACME', 'ACME-Retail'] },
        { name: 'Other', environments: ['ws1-prod'] },
      ],
      [
        { serial: 'F2LXX1', previous: 'a@x.com', current: 'b@x.com' },
        { serial: 'F2LXX2', previous: 'c@x.com', current: 'C@x.com' },
      ],
    );
    expect(risks).toHaveLength(3);
    expect(risks[0]).toMatch(/"Main sToken" is used in 2 MDM environments/);
    expect(risks[1]).toMatch(/configured in 2 organization groups/);
    expect(risks[2]).toMatch(/Device F2LXX1 changed Apple ID/);
  });
});
