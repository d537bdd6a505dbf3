import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectProfile } from '../../../electron/profiles/index.js';
import { batchRefusal, validateBatch, type BatchDevice, type BatchReadiness } from '../../../electron/staging/batch-validation.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { parseBlueprint } from '../../../electron/staging/blueprint.js';

const MDM = readFileSync(join(process.cwd(), 'test/fixtures/profiles/mdm-enrollment.mobileconfig'));
const NOT_MDM = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string><key>PayloadIdentifier</key><string>com.example.wifi</string><key>PayloadUUID</key><string>6C3C4D1E-0000-4000-8000-000000000001</string><key>PayloadVersion</key><integer>1</integer><key>PayloadDisplayName</key><string>Wi-Fi</string><key>PayloadContent</key><array/></dict></plist>',
);

// The real profile inspector: the seam is only where the station keeps its identity and profile.
function readiness(over: { identity?: string | null; stored?: Buffer | null } = {}): BatchReadiness {
  return {
    identityProblem: () => over.identity ?? null,
    storedEnrollmentProfile: () => (over.stored === undefined ? MDM : over.stored),
    inspectProfile: (bytes) => {
      const p = inspectProfile(bytes);
      if (!p.identifier || !p.uuid) throw new Error('it has no PayloadIdentifier or PayloadUUID');
      return { identifier: p.identifier, displayName: p.displayName, isMdm: p.mdm !== null };
    },
  };
}

const device = (udid: string, slot: number | null, user: string | null = null): BatchDevice => ({ udid, slot, serial: `SER${udid}`, user });

describe('validateBatch: what would fail on every device, found before any is touched', () => {
  it('passes a Prepare batch the station can run', () => {
    const bp = prepareBlueprint({ enrollProfile: { stored: 'enrollment' }, nameTemplate: 'Cart A-{slot:2}' });
    expect(validateBatch(bp, [device('a', 1), device('b', 2)], readiness())).toEqual([]);
  });

  it('{slot} while devices have no slot: names them and says to calibrate or use {serial}', () => {
    const bp = prepareBlueprint({ nameTemplate: 'Cart A-{slot:2}' });
    const [p, ...rest] = validateBatch(bp, [device('a', 1), device('b', null), device('c', null)], readiness());
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ kind: 'missing-slot', udids: ['b', 'c'] });
    expect(p!.message).toMatch(/2 device\(s\) have no slot: SERb, SERc/);
    expect(p!.remedy).toMatch(/[Cc]alibrate the slots.*\{serial\}/);
  });

  it('{serial}, {model}, {name}, {n} are not refused up front: they are read once paired', () => {
    const bp = prepareBlueprint({ nameTemplate: '{model}-{serial}-{name}-{n:3}' });
    expect(validateBatch(bp, [{ udid: 'a', slot: null, serial: null, user: null }], readiness())).toEqual([]);
  });

  it('an unknown token, and {user} without a user', () => {
    const bp = prepareBlueprint({ nameTemplate: '{room}-{user}' });
    const problems = validateBatch(bp, [device('a', 1), device('b', 2, 'jo')], readiness());
    expect(problems.map((p) => p.kind)).toEqual(['unknown-template-token', 'missing-user']);
    expect(problems[0]!.message).toMatch(/\{room\}/);
    expect(problems[1]!.udids).toEqual(['a']);
  });

  it('a supervising blueprint without a usable identity', () => {
    const problems = validateBatch(prepareBlueprint(), [device('a', 1)], readiness({ identity: 'this station has no supervision identity' }));
    expect(problems).toEqual([expect.objectContaining({ kind: 'identity-unusable', message: expect.stringMatching(/supervises.*no supervision identity/) })]);
  });

  it('a blueprint that neither supervises nor escalates needs no identity', () => {
    const parsed = parseBlueprint({ name: 'Rename only', steps: [{ type: 'pair' }, { type: 'inspect' }, { type: 'rename', template: 'X-{n}' }, { type: 'verify' }] });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(validateBatch(parsed.blueprint, [device('a', null)], readiness({ identity: 'none' }))).toEqual([]);
  });

  it('the stored enrollment profile missing, unreadable, or without an MDM payload; an embedded one unreadable', () => {
    const stored = prepareBlueprint({ enrollProfile: { stored: 'enrollment' } });
    expect(validateBatch(stored, [device('a', 1)], readiness({ stored: null }))[0]).toMatchObject({ kind: 'enrollment-profile-unusable', message: expect.stringMatching(/none was imported/), remedy: expect.stringMatching(/enroll-profile import/) });
    expect(validateBatch(stored, [device('a', 1)], readiness({ stored: NOT_MDM }))[0]?.message).toMatch(/no MDM payload/);
    const embedded = prepareBlueprint({ enrollProfile: { name: 'junk.mobileconfig', data: Buffer.from('not a profile').toString('base64') } });
    expect(validateBatch(embedded, [device('a', 1)], readiness())[0]).toMatchObject({ kind: 'enrollment-profile-unusable', message: expect.stringMatching(/"junk.mobileconfig".*cannot be read/) });
  });

  it('an extra profile that is not a profile', () => {
    const bp = prepareBlueprint({ profiles: [{ name: 'wifi.mobileconfig', data: Buffer.from('nope').toString('base64') }] });
    expect(validateBatch(bp, [device('a', 1)], readiness())[0]).toMatchObject({ kind: 'profile-unreadable' });
  });

  it('lists every problem at once in one typed refusal', () => {
    const bp = prepareBlueprint({ enrollProfile: { stored: 'enrollment' }, nameTemplate: '{slot}-{oops}' });
    const problems = validateBatch(bp, [device('a', null)], readiness({ identity: 'the key does not open', stored: null }));
    expect(problems.map((p) => p.kind).sort()).toEqual(['enrollment-profile-unusable', 'identity-unusable', 'missing-slot', 'unknown-template-token']);
    const refusal = batchRefusal(problems);
    expect(refusal.code).toBe('INVALID_INPUT');
    expect(refusal.message).toMatch(/^The batch was not started \(4 problems, no device was touched\):\n1\. /);
    for (const p of problems) expect(refusal.message).toContain(p.remedy);
  });
});
