import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationHarness, prepareSummary, type PrepareJson } from './harness.js';

const run = promisify(execFile);

/** `ideviceinfo -u UDID` with the record usbmuxd holds: the real tool decides whether it works. */
async function serialByTool(h: StationHarness, udid: string): Promise<string> {
  const { stdout } = await run('ideviceinfo', ['-u', udid, '-k', 'SerialNumber'], { env: { ...process.env, USBMUXD_SOCKET_ADDRESS: h.cart.usbmuxd }, timeout: 45_000 });
  return stdout.trim();
}

describe('cartwright prepare --no-allow-pairing (real addon, real CLI)', () => {
  const h = new StationHarness({ devices: 4, seed: `noallow-${Date.now()}` });
  let result: PrepareJson;
  let code: number;

  beforeAll(async () => {
    await h.start(1, 4);
    const r = await h.cli(h.prepareArgs(['--no-allow-pairing']));
    code = r.code;
    result = prepareSummary(r.stdout);
  }, 300_000);
  afterAll(() => h.dispose());

  it('succeeds on the first run: the station pairs again as the supervisor after the device forgot every pairing', async () => {
    expect(code).toBe(0);
    expect(result.jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    // In the same run and without retrying the step: no NOT_PAIRED on the way.
    for (const j of result.jobs) expect(j.steps.find((s) => s.name === 'supervise')?.attempts, j.udid).toBe(1);
    for (const d of await h.cart.devices()) {
      expect(d.supervised, d.udid).toBe(true);
      expect((d.cloudConfiguration as { AllowPairing?: boolean } | null)?.AllowPairing).toBe(false);
      expect(d.counters.SetCloudConfiguration).toBe(1);
      // Only the supervisor's pairing, made after SetCloudConfiguration wiped the first one.
      expect(d.pairedHostIds).toHaveLength(1);
      expect(await serialByTool(h, d.udid)).toBe(d.serial);
    }
  });

  it('a second run finds the devices done and still paired', async () => {
    const r = await h.cli(h.prepareArgs(['--no-allow-pairing']));
    expect(r.code).toBe(0);
    expect((await h.cart.devices()).every((d) => d.counters.SetCloudConfiguration === 1)).toBe(true);
  });
});

describe('cartwright prepare while usbmuxd pairs by itself (virtual cart --usbmuxd-auto-pair)', () => {
  const h = new StationHarness({ devices: 4, seed: `autopair-${Date.now()}`, usbmuxdAutoPair: true });
  let result: PrepareJson;
  let code: number;

  beforeAll(async () => {
    await h.start(1, 4);
    const r = await h.cli(h.prepareArgs());
    code = r.code;
    result = prepareSummary(r.stdout);
  }, 300_000);
  afterAll(() => h.dispose());

  it('stages every device and leaves each with a record the real tools can use', async () => {
    expect(code).toBe(0);
    expect(result.jobs.every((j) => j.state === 'succeeded')).toBe(true);
    for (const d of await h.cart.devices()) {
      expect(d.supervised, d.udid).toBe(true);
      expect(d.organizationName).toBe('Acme Schools');
      expect(await serialByTool(h, d.udid)).toBe(d.serial);
    }
  });
});
