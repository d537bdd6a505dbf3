import { describe, expect, it } from 'vitest';
import { SETUP_STEPS, firstOpenStep, isDismissed, rememberDismissal, shouldOpenSetup, stepState, stepSummary, type SetupFacts, type SetupStepId } from '../../../renderer/src/setup/setup-steps.js';
import { p12FileName, p12PasswordProblem } from '../../../renderer/src/setup/identity/p12-file.js';

const empty: SetupFacts = { identity: null, enrollment: null, layout: null, mdmKind: 'local' };
const complete: SetupFacts = {
  identity: { organization: 'Acme Schools', fingerprint: 'ab'.repeat(32) },
  enrollment: { displayName: 'Example MDM Enrollment', serverUrl: 'https://mdm.example.com/mdm/connect' },
  layout: { name: 'Cart', rows: 4, columns: 4, calibrated: 16 },
  mdmKind: 'local',
};
const none = new Set<SetupStepId>();

describe('the first-run wizard’s steps', () => {
  it('reads each step’s state from what the station holds, not from what the wizard did', () => {
    expect(SETUP_STEPS.map((s) => stepState(s.id, empty, none))).toEqual(['open', 'open', 'open', 'open']);
    expect(SETUP_STEPS.map((s) => stepState(s.id, complete, none))).toEqual(['done', 'done', 'done', 'open']);
    // A layout with no port numbered yet (a walk started, nothing plugged in) is not calibrated.
    expect(stepState('calibration', { ...empty, layout: { name: 'Cart A', rows: 3, columns: 10, calibrated: 0 } }, none)).toBe('open');
    expect(stepState('mdm', { ...empty, mdmKind: 'workspace-one' }, none)).toBe('done');
  });

  it('counts a skipped step as skipped, and keeping the local directory as done', () => {
    const passed = new Set<SetupStepId>(['identity', 'mdm']);
    expect(stepState('identity', empty, passed)).toBe('skipped');
    expect(stepState('mdm', empty, passed)).toBe('done');
    expect(stepSummary('mdm', empty, 'done')).toMatch(/^Local directory/);
    // Done elsewhere after being skipped: the station's facts win.
    expect(stepState('identity', complete, passed)).toBe('done');
  });

  it('opens on the first step neither done nor passed, or on the summary', () => {
    expect(firstOpenStep(empty, none)).toBe(0);
    expect(firstOpenStep({ ...empty, identity: complete.identity }, none)).toBe(1);
    expect(firstOpenStep(empty, new Set<SetupStepId>(['identity', 'enrollment']))).toBe(2);
    expect(firstOpenStep(complete, none)).toBe(3);
    expect(firstOpenStep(complete, new Set<SetupStepId>(['mdm']))).toBe(SETUP_STEPS.length);
  });

  it('summarizes what is set and what skipping means', () => {
    expect(stepSummary('identity', complete, 'done')).toBe('Supervised by Acme Schools.');
    expect(stepSummary('enrollment', complete, 'done')).toBe('Example MDM Enrollment for https://mdm.example.com/mdm/connect.');
    expect(stepSummary('calibration', complete, 'done')).toBe('Cart: 4 × 4 slots, 16 numbered.');
    expect(stepSummary('calibration', empty, 'skipped')).toMatch(/\{slot\}/);
    expect(stepSummary('mdm', { ...empty, mdmKind: 'meraki' }, 'done')).toBe('Connected to Meraki Systems Manager.');
  });

  it('opens by itself only without an identity and until dismissed, per station', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(shouldOpenSetup(null, isDismissed(storage, '/srv/a'))).toBe(true);
    rememberDismissal(storage, '/srv/a');
    expect(shouldOpenSetup(null, isDismissed(storage, '/srv/a'))).toBe(false);
    expect(shouldOpenSetup(null, isDismissed(storage, '/srv/b'))).toBe(true);
    expect(shouldOpenSetup(complete.identity, false)).toBe(false);
  });

  it('asks for a .p12 password worth the key, and names the file after the organization', () => {
    expect(p12PasswordProblem('short', '')).toMatch(/at least 8/);
    expect(p12PasswordProblem('long enough', 'long enougH')).toMatch(/differ/);
    expect(p12PasswordProblem('long enough', 'long enough')).toBeNull();
    expect(p12FileName('Acme Schools — West')).toBe('acme-schools-west-supervision.p12');
    expect(p12FileName(null)).toBe('organization-supervision.p12');
  });
});
