import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationHarness, prepareSummary, type PrepareJson } from './harness.js';

describe('devices that cannot be prepared end in a clear state while the rest of the cart finishes', () => {
  const h = new StationHarness({ devices: 8, seed: `unprep-${Date.now()}` });
  let out: PrepareJson;
  let code: number;
  let roles: Record<string, string>;

  beforeAll(async () => {
    await h.start(1, 8);
    const d = await h.cart.devices();
    const [locked, denied, activationLocked, ade, elsewhere, byod] = d.map((x) => x.udid);
    roles = { [locked!]: 'PASSCODE_LOCKED', [denied!]: 'USER_DENIED', [activationLocked!]: 'ACTIVATION_LOCKED', [ade!]: 'ADE_ASSIGNED', [elsewhere!]: 'SUPERVISED_ELSEWHERE',
      // Over USB a User Enrollment device reads as what it is to a host: set up by its owner (no
      // public source shows an enrollment-type signal), so it is refused as already set up.
      [byod!]: 'CLOUD_CONFIG_PRESENT' };
    await h.cart.fault({ kind: 'passcode-locked', udid: locked });
    // A Trust dialog exists only past Setup Assistant: this device is set up, and its user says no.
    await h.cart.act(denied!, 'finish-setup');
    await h.cart.act(denied!, 'deny');
    // Erased but still linked to someone's Apple Account: Apple answers with its Activation Lock page.
    await h.cart.fault({ kind: 'activation-lock', udid: activationLocked });
    await h.cart.fault({ kind: 'ade-assigned', udid: ade });
    await h.cart.fault({ kind: 'supervised-elsewhere', udid: elsewhere });
    await h.cart.fault({ kind: 'user-enrollment', udid: byod });
    const r = await h.cli(h.prepareArgs());
    code = r.code;
    out = prepareSummary(r.stdout);
  }, 300_000);
  afterAll(() => h.dispose());

  it('exits with "partial failure" and stages the healthy devices', async () => {
    expect(code).toBe(3);
    const healthy = out.jobs.filter((j) => !roles[j.udid]);
    expect(healthy).toHaveLength(2);
    for (const j of healthy) {
      expect(j.state).toBe('succeeded');
      expect((await h.cart.device(j.udid)).supervised).toBe(true);
    }
  });

  it('gives each problem device its own code and a remedy a technician can act on', () => {
    for (const [udid, expected] of Object.entries(roles)) {
      const job = out.jobs.find((j) => j.udid === udid)!;
      expect(job.error?.code, `${udid} should be ${expected}`).toBe(expected);
      expect(job.error?.remedy, expected).toBeTruthy();
      expect(['failed', 'paused']).toContain(job.state);
    }
  });

  it('changes nothing on devices it refused', async () => {
    const byCode = Object.fromEntries(Object.entries(roles).map(([u, c]) => [c, u]));
    expect((await h.cart.device(byCode.ADE_ASSIGNED!)).supervised).toBe(false);
    expect((await h.cart.device(byCode.SUPERVISED_ELSEWHERE!)).organizationName).not.toBe('Acme Schools');
    expect((await h.cart.device(byCode.CLOUD_CONFIG_PRESENT!)).supervised).toBe(false);
    expect((await h.cart.device(byCode.CLOUD_CONFIG_PRESENT!)).counters.EraseDevice ?? 0).toBe(0);
    expect((await h.cart.device(byCode.ACTIVATION_LOCKED!)).counters.SetCloudConfiguration ?? 0).toBe(0);
    expect((await h.cart.device(byCode.ACTIVATION_LOCKED!)).activationState).toBe('Unactivated');
  });
});
