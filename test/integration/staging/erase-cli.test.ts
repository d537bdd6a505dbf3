import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationHarness, prepareSummary, type PrepareJson } from './harness.js';

async function post(control: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status}`);
}

/**
 * "Already set up" decided from the device's real reply (real CLI, real addon, virtual cart):
 * a device a person took through Setup Assistant is refused without --erase and erased then
 * prepared with it; a device still in Setup Assistant is never erased.
 */
describe('cartwright prepare and devices that are already set up', () => {
  const h = new StationHarness({ devices: 3, seed: `erase-${Date.now()}` });
  let setUp: string;
  let dropping: string;
  let fresh: string;
  let first: PrepareJson;
  let firstCode: number;

  beforeAll(async () => {
    await h.start(1, 8);
    [setUp, dropping, fresh] = (await h.cart.devices()).map((d) => d.udid) as [string, string, string];
    for (const udid of [setUp, dropping]) await post(h.cart.control, `/devices/${udid}/finish-setup`);
    // This one goes down without answering EraseDevice, as pymobiledevice3 and go-ios expect.
    await post(h.cart.control, `/devices/${dropping}/erase-reply`, { mode: 'drop' });
    const r = await h.cli(h.prepareArgs());
    firstCode = r.code;
    first = prepareSummary(r.stdout);
  }, 300_000);
  afterAll(() => h.dispose());

  it('refuses set-up devices without --erase with a clear sentence, touching nothing, and prepares the fresh one', async () => {
    expect(firstCode).toBe(3);
    for (const udid of [setUp, dropping]) {
      const job = first.jobs.find((j) => j.udid === udid)!;
      expect(job.state).toBe('failed');
      expect(job.error).toMatchObject({ code: 'CLOUD_CONFIG_PRESENT', message: expect.stringMatching(/already set up/) });
      expect(job.error?.remedy).toMatch(/--erase/);
      const d = await h.cart.device(udid);
      expect(d.counters.EraseDevice ?? 0).toBe(0);
      expect(d.counters.SetCloudConfiguration ?? 0).toBe(0);
    }
    expect(first.jobs.find((j) => j.udid === fresh)?.state).toBe('succeeded');
  });

  it('with --erase erases the set-up devices (acknowledged or dropped), then activates and prepares them in the same job', async () => {
    const r = await h.cli(h.prepareArgs(['--erase']));
    const out = prepareSummary(r.stdout);
    expect(r.code, r.stdout).toBe(0);
    for (const udid of [setUp, dropping]) {
      expect(out.jobs.find((j) => j.udid === udid)?.state).toBe('succeeded');
      const d = await h.cart.device(udid);
      expect(d).toMatchObject({ supervised: true, organizationName: 'Acme Schools', activationState: 'Activated' });
      expect(d.counters.EraseDevice).toBe(1);
    }
  });

  it('never erases a device that is still in Setup Assistant, even with --erase', async () => {
    const d = await h.cart.device(fresh);
    expect(d.counters.EraseDevice ?? 0).toBe(0);
    expect(d.supervised).toBe(true);
  });
});
