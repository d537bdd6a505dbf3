import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationHarness, prepareSummary, type PrepareJson } from './harness.js';

const MDM_PROFILE_ID = 'com.example.mdm.enroll';

describe('cartwright prepare on a 32-device virtual cart (real addon, real SQLite)', () => {
  const h = new StationHarness({ devices: 32, seed: `prep32-${Date.now()}` });
  let result: PrepareJson;
  let code: number;

  beforeAll(async () => {
    await h.start(4, 8);
    const r = await h.cli(h.prepareArgs(['--concurrency', '16']));
    code = r.code;
    result = prepareSummary(r.stdout);
  }, 300_000);
  afterAll(() => h.dispose());

  it('takes every device to supervised + enrolled + renamed, as the cart itself reports', async () => {
    expect(code).toBe(0);
    expect(result.jobs).toHaveLength(32);
    expect(result.jobs.every((j) => j.state === 'succeeded')).toBe(true);
    const devices = await h.cart.devices();
    for (const d of devices) {
      const job = result.jobs.find((j) => j.udid === d.udid)!;
      expect(d.supervised, d.udid).toBe(true);
      expect(d.organizationName).toBe('Acme Schools');
      expect(d.profiles).toContain(MDM_PROFILE_ID);
      expect(d.profileDetails.find((p) => p.identifier === MDM_PROFILE_ID)?.installedSilently).toBe(true);
      expect(d.name).toBe(`Cart A-${String(job.slot).padStart(2, '0')}`);
      expect(d.counters.SetCloudConfiguration).toBe(1);
      // Out of the box at Hello: activated by the station through the cart's stand-in activation server.
      expect(d.activationState).toBe('Activated');
      expect(d.counters.HandleActivationInfoWithSessionRequest).toBe(1);
    }
    expect(new Set(result.jobs.map((j) => j.slot)).size).toBe(32);
  });

  it('records each step in the audit log and queues one MDM report per device', async () => {
    const udid = result.jobs[0]!.udid;
    const audit = await h.cli(['audit', '--device', udid, '--json']);
    const actions = (JSON.parse(audit.stdout) as { action: string }[]).map((a) => a.action);
    for (const step of ['pair', 'inspect', 'check-activation', 'supervise', 'escalate', 'enroll', 'rename', 'report-mdm', 'verify']) {
      expect(actions, step).toContain(`step.${step}`);
    }
    const reports = h.query<{ device_key: string; n: number }>("SELECT device_key, count(*) AS n FROM outbox WHERE kind = 'device-staged' GROUP BY device_key");
    expect(reports).toHaveLength(32);
    expect(reports.every((r) => r.n === 1)).toBe(true);
  });

  it('lists the devices with their slots and states (cartwright devices --json)', async () => {
    const r = await h.cli(['devices', '--json']);
    const devices = JSON.parse(r.stdout) as { udid: string; serial: string; name: string; productType: string; productVersion: string; slot: number; battery: number; paired: boolean; supervised: boolean; state: string }[];
    expect(devices).toHaveLength(32);
    for (const d of devices) {
      expect(d).toMatchObject({ paired: true, supervised: true, state: 'ready' });
      expect(d.serial).toBeTruthy();
      expect(d.slot).toBeGreaterThanOrEqual(1);
      expect(typeof d.battery).toBe('number');
    }
  });

  it('a second prepare finds every device already done and repeats nothing on the devices', async () => {
    const r = await h.cli(h.prepareArgs());
    expect(r.code).toBe(0);
    const devices = await h.cart.devices();
    expect(devices.every((d) => d.counters.SetCloudConfiguration === 1)).toBe(true);
    const again = prepareSummary(r.stdout);
    const supervise = again.jobs[0]!.steps.find((s) => s.name === 'supervise');
    expect(supervise?.state).toBe('skipped');
  });

  it('exports the inventory as CSV', async () => {
    const r = await h.cli(['export', '--format', 'csv']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('slot,udid,serial,imei,model,ios,name,supervised,enrolled,battery,lastJobState');
    expect(lines).toHaveLength(33);
    expect(lines[1]).toMatch(/,true,true,\d+,succeeded$/);
  });
});
