import { describe, expect, it } from 'vitest';
import { FlowSettings, FlowSettingsChange } from '../../../electron/api/flows.js';
import { checkOutRefusal, dueAt, flowGuidance, handoffRefusal, judgeDeparture, nothingReadyReason, rankCandidates, readiness, enrollmentIdFor, type PickCandidate } from '../../../electron/flows/index.js';

const candidate = (over: Partial<PickCandidate> = {}): PickCandidate => ({
  udid: 'U1',
  slot: 1,
  connected: true,
  staged: true,
  healthy: true,
  personal: false,
  checkedOut: false,
  reserved: false,
  battery: 80,
  onChargeSince: 1_000,
  ...over,
});

describe('which device is ready', () => {
  it('needs staged, healthy, shared, free and charged at or above the threshold', () => {
    expect(readiness(candidate(), 50)).toEqual({ ready: true });
    expect(readiness(candidate({ battery: 50 }), 50)).toEqual({ ready: true });
    expect(readiness(candidate({ battery: 49 }), 50)).toEqual({ ready: false, reason: 'its battery is at 49 % (at least 50 % is needed)' });
    expect(readiness(candidate({ battery: null }), 50).ready).toBe(false);
    expect(readiness(candidate({ staged: false }), 50)).toMatchObject({ reason: 'it is not staged yet' });
    expect(readiness(candidate({ healthy: false }), 50).ready).toBe(false);
    expect(readiness(candidate({ personal: true }), 50).ready).toBe(false);
    expect(readiness(candidate({ checkedOut: true }), 50).ready).toBe(false);
    expect(readiness(candidate({ reserved: true }), 50).ready).toBe(false);
    expect(readiness(candidate({ connected: false }), 50).ready).toBe(false);
  });

  it('ranks the longest on charge first, then the fuller battery, then the slot', () => {
    const ranked = rankCandidates([
      candidate({ udid: 'late', onChargeSince: 5_000 }),
      candidate({ udid: 'early-low', onChargeSince: 1_000, battery: 60 }),
      candidate({ udid: 'early-high', onChargeSince: 1_000, battery: 90 }),
      candidate({ udid: 'out', checkedOut: true, onChargeSince: 0 }),
      candidate({ udid: 'staging', staged: false, onChargeSince: 0 }),
    ]);
    expect(ranked.map((c) => c.udid)).toEqual(['early-high', 'early-low', 'late']);
  });

  it('says why nothing is ready', () => {
    expect(nothingReadyReason([], 50)).toBe('No device is on the cart right now.');
    expect(nothingReadyReason([candidate({ battery: 10 }), candidate({ udid: 'U2', staged: false })], 50)).toBe('No device is ready right now (1 charging below 50 %, 1 not staged yet).');
  });
});

describe('a device leaving the cart while a pick waits', () => {
  const pick = { udid: 'A', slot: 3 };
  it('completes the pick when it is the picked device', () => {
    expect(judgeDeparture(pick, { udid: 'A', slot: 3 }, { ready: true })).toEqual({ verdict: 'taken' });
  });
  it('accepts a different ready device instead', () => {
    expect(judgeDeparture(pick, { udid: 'B', slot: 7 }, { ready: true })).toEqual({ verdict: 'swap', message: 'You took slot 7, not slot 3: that device is ready too, so it is yours instead.' });
  });
  it('asks for a device that is not ready to be put back', () => {
    const d = judgeDeparture(pick, { udid: 'B', slot: 7 }, { ready: false, reason: 'its battery is at 12 % (at least 50 % is needed)' });
    expect(d).toEqual({ verdict: 'put-back', message: 'You took slot 7, not slot 3: its battery is at 12 % (at least 50 % is needed). Put it back into slot 7 and take the device from slot 3.' });
  });
  it('is unrelated when nobody is waiting', () => {
    expect(judgeDeparture(undefined, { udid: 'B', slot: 7 }, { ready: true })).toEqual({ verdict: 'unrelated' });
  });
});

describe('check-out rules', () => {
  const settings = FlowSettings.parse({});
  const ana = { name: 'Ana', groups: ['nurses'] };
  it('applies the per-user limit', () => {
    expect(checkOutRefusal(ana, 0, settings)).toBeNull();
    expect(checkOutRefusal(ana, 1, settings)).toMatchObject({ code: 'CONFLICT', message: 'You already have 1 device checked out; the limit is 1.' });
    expect(checkOutRefusal(ana, 1, { ...settings, perUserLimit: 2 })).toBeNull();
  });
  it('lets only the cart\'s groups take its devices', () => {
    expect(checkOutRefusal(ana, 0, { ...settings, allowedGroups: ['Nurses', 'doctors'] })).toBeNull();
    expect(checkOutRefusal({ name: 'Bo', groups: ['porters'] }, 0, { ...settings, allowedGroups: ['nurses'] })).toMatchObject({ code: 'UNAUTHORIZED' });
  });
  it('changes only the settings named (a change fills in no defaults)', () => {
    expect(FlowSettingsChange.parse({ batteryThreshold: 40 })).toEqual({ batteryThreshold: 40 });
    expect(FlowSettings.parse({}).batteryThreshold).toBe(50);
    expect(FlowSettingsChange.safeParse({ returnPolicy: 'shred' }).success).toBe(false);
  });
  it('starts the due time at check-out', () => {
    expect(dueAt(new Date('2025-01-01T08:00:00Z'), { loanHours: 8 }).toISOString()).toBe('2025-01-01T16:00:00.000Z');
  });
});

describe('hand-off (registration semantics)', () => {
  it('accepts only the registered user', () => {
    expect(handoffRefusal('u1', { id: 'u1', name: 'Ana' })).toBeNull();
    expect(handoffRefusal('u1', { id: 'u2', name: 'Bo' })).toMatchObject({ code: 'UNAUTHORIZED', message: 'This device is registered to another person; it cannot be handed to Bo.' });
    expect(handoffRefusal(null, { id: 'u2', name: 'Bo' })).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('VPP and Apple ID guidance', () => {
  it('recommends device-assigned licences and names the risks of user-assigned ones per flow', () => {
    expect(flowGuidance('multi-user', { name: 'Shared', appLicensing: 'device' })).toEqual([expect.stringMatching(/device-assigned app licences: no Apple ID .*shared devices with check-out and check-in/)]);
    const multi = flowGuidance('multi-user', { name: 'Shared', appLicensing: 'user' });
    expect(multi.join(' ')).toMatch(/Do not change the Apple ID on a staged device/);
    expect(multi.join(' ')).toMatch(/Do not switch devices back to the staging Apple ID at check-in/);
    expect(flowGuidance('single-user-standard', { name: 'S', appLicensing: 'user' }).join(' ')).toMatch(/staging Apple ID signed in on devices that users then sign into/);
    expect(flowGuidance('single-user-advanced', { name: 'A', appLicensing: 'user' }).join(' ')).toMatch(/Pre-configured Apple IDs/);
  });
});

describe('User Enrollment identifiers', () => {
  it('are stable per station, one-way, and not the UDID', () => {
    const id = enrollmentIdFor('00008101-000A1B2C3D4E5F60', 'salt-a');
    expect(id).toMatch(/^UE-[0-9A-F]{20}$/);
    expect(enrollmentIdFor('00008101-000A1B2C3D4E5F60', 'salt-a')).toBe(id);
    expect(enrollmentIdFor('00008101-000A1B2C3D4E5F60', 'salt-b')).not.toBe(id);
    expect(id).not.toContain('000A1B2C');
  });
});
