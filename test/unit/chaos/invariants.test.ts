import { describe, expect, it } from 'vitest';
import { checkKillRound, type KillEvidence } from '../../chaos/kill/invariants.js';
import { compareDeliveries } from '../../chaos/mdm/invariants.js';
import { checkUnplugRound } from '../../chaos/unplug/invariants.js';

const STEPS = ['pair', 'supervise', 'report-mdm'];

/** A round where everything went right: 2 devices, one job each, every step audited, one report each. */
function clean(): KillEvidence {
  const devices = ['U1', 'U2'].map((udid, i) => ({ udid, supervised: true, name: `Cart A-0${i + 1}`, counters: { SetCloudConfiguration: 1 } }));
  const jobs = devices.map((d, i) => ({ id: `job-${i + 1}`, udid: d.udid, state: 'succeeded', error_code: null }));
  const steps = jobs.flatMap((j) => STEPS.map((name, ordinal) => ({ job_id: j.id, ordinal, name, state: name === 'pair' ? 'skipped' : 'succeeded' })));
  const audit = steps.map((s) => ({ action: `step.${s.name}`, udid: null, details: JSON.stringify({ jobId: s.job_id, outcome: s.state, attempt: 1 }) }));
  const outbox = jobs.map((j) => ({ idempotency_key: `device-staged:${j.id}`, kind: 'device-staged', state: 'sent' }));
  return { devices, jobs, steps, audit, outbox };
}

describe('kill-round invariants', () => {
  it('accept a clean round', () => {
    expect(checkKillRound(clean())).toEqual({ violations: [], staged: 2, lost: 0, duplicated: 0 });
  });

  it('count a device supervised twice as duplicated and one never supervised as lost', () => {
    const e = clean();
    (e.devices[0] as KillEvidence['devices'][number]).counters.SetCloudConfiguration = 2;
    (e.devices[1] as KillEvidence['devices'][number]).counters = {};
    const v = checkKillRound(e);
    expect(v.duplicated).toBe(1);
    expect(v.lost).toBe(1);
    expect(v.staged).toBe(0);
  });

  it('flag a missing or doubled device-staged message, and a dead-lettered one', () => {
    const missing = clean();
    missing.outbox.pop();
    expect(checkKillRound(missing).lost).toBe(1);
    const doubled = clean();
    doubled.outbox.push({ ...(doubled.outbox[0] as KillEvidence['outbox'][number]) });
    expect(checkKillRound(doubled).duplicated).toBeGreaterThanOrEqual(1);
    const dead = clean();
    (dead.outbox[0] as KillEvidence['outbox'][number]).state = 'dead';
    expect(checkKillRound(dead).lost).toBe(1);
  });

  it('flag a journal step without its audit entry, an unfinished job and a device without a job', () => {
    const e = clean();
    e.audit = e.audit.filter((a) => !(a.action === 'step.supervise' && a.details.includes('job-1')));
    (e.jobs[1] as KillEvidence['jobs'][number]).state = 'paused';
    e.devices.push({ udid: 'U3', supervised: true, name: 'Cart A-03', counters: { SetCloudConfiguration: 1 } });
    const v = checkKillRound(e).violations.join('\n');
    expect(v).toMatch(/job-1 step supervise: succeeded in the journal but not in the audit log/);
    expect(v).toMatch(/left paused/);
    expect(v).toMatch(/U3: 0 jobs/);
  });

  it('flag two devices given the same name and a device never renamed', () => {
    const e = clean();
    (e.devices[1] as KillEvidence['devices'][number]).name = 'Cart A-01';
    expect(checkKillRound(e).violations.join()).toMatch(/also used by U1/);
    (e.devices[1] as KillEvidence['devices'][number]).name = 'iPad';
    expect(checkKillRound(e).violations.join()).toMatch(/not renamed/);
  });
});

describe('unplug-round invariants', () => {
  const devices = [
    { udid: 'U1', supervised: true, name: 'Cart A-01' },
    { udid: 'U2', supervised: false, name: 'iPad' },
  ];

  it('accept succeeded and clearly failed jobs', () => {
    const v = checkUnplugRound({
      devices,
      jobs: [
        { id: 'j1', udid: 'U1', state: 'succeeded', error_code: null },
        { id: 'j2', udid: 'U2', state: 'failed', error_code: 'DEVICE_GONE' },
      ],
      steps: [{ job_id: 'j2', name: 'supervise', state: 'failed' }],
    });
    expect(v).toMatchObject({ unsettled: [], untyped: [], violations: [], byState: { succeeded: 1, failed: 1 }, codes: { DEVICE_GONE: 1 } });
  });

  it('report jobs left running, INTERNAL failures, codeless pauses and succeeded jobs the device contradicts', () => {
    const v = checkUnplugRound({
      devices,
      jobs: [
        { id: 'j1', udid: 'U1', state: 'running', error_code: null },
        { id: 'j2', udid: 'U2', state: 'succeeded', error_code: null },
        { id: 'j3', udid: 'U1', state: 'failed', error_code: 'INTERNAL' },
        { id: 'j4', udid: 'U1', state: 'paused', error_code: null },
      ],
      steps: [{ job_id: 'j1', name: 'rename', state: 'running' }],
    });
    expect(v.unsettled).toHaveLength(2);
    expect(v.untyped).toHaveLength(1);
    expect(v.violations.join('\n')).toMatch(/j2.*not supervised/);
    expect(v.violations.join('\n')).toMatch(/j4.*without an error code/);
  });
});

describe('MDM delivery comparison', () => {
  const want = new Map([
    ['S1', ['enrollmentuser:11', 'enrollmentuser:99', 'enrollmentuser:12', 'enrollmentuser:99']],
    ['S2', ['enrollmentuser:13']],
  ]);

  it('accepts exactly the expected calls in order', () => {
    expect(compareDeliveries(want, new Map(want))).toEqual({ lost: 0, duplicated: 0, reordered: 0, repeats: 0, violations: [] });
  });

  it('counts an idempotent call repeated right after itself as a repeat, but the same call after another one as a duplicate', () => {
    const repeated = new Map([
      ['S1', ['enrollmentuser:11', 'enrollmentuser:11', 'enrollmentuser:99', 'enrollmentuser:12', 'enrollmentuser:99', 'enrollmentuser:99']],
      ['S2', ['enrollmentuser:13']],
    ]);
    expect(compareDeliveries(want, repeated, ['enrollmentuser'])).toMatchObject({ lost: 0, duplicated: 0, repeats: 2, violations: [] });
    expect(compareDeliveries(want, repeated).duplicated).toBe(2);
    const again = new Map([
      ['S1', ['enrollmentuser:11', 'enrollmentuser:99', 'enrollmentuser:11', 'enrollmentuser:12', 'enrollmentuser:99']],
      ['S2', ['enrollmentuser:13']],
    ]);
    expect(compareDeliveries(want, again, ['enrollmentuser'])).toMatchObject({ duplicated: 1, repeats: 0 });
  });

  it('counts lost, duplicated and reordered calls per device', () => {
    const got = new Map([
      ['S1', ['enrollmentuser:11', 'enrollmentuser:99', 'enrollmentuser:99', 'enrollmentuser:12', 'enrollmentuser:99']],
      ['S2', []],
    ]);
    expect(compareDeliveries(want, got)).toMatchObject({ lost: 1, duplicated: 1, reordered: 0 });
    const swapped = new Map([
      ['S1', ['enrollmentuser:99', 'enrollmentuser:11', 'enrollmentuser:12', 'enrollmentuser:99']],
      ['S2', ['enrollmentuser:13']],
    ]);
    expect(compareDeliveries(want, swapped)).toMatchObject({ lost: 0, duplicated: 0, reordered: 1 });
  });

  it('counts calls for a device the station never touched as duplicates', () => {
    expect(compareDeliveries(want, new Map([...want, ['S9', ['command:DeviceWipe']]])).duplicated).toBe(1);
  });
});
