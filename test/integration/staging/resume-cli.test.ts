import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/cart-daemon.js';
import { StationHarness, prepareSummary, type PrepareJson } from './harness.js';

describe('staging survives unplugs and a killed station (real addon, virtual cart)', () => {
  let h: StationHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('a device unplugged during supervision resumes and finishes when plugged back in', async () => {
    h = new StationHarness({ devices: 3, seed: `unplug-${Date.now()}` });
    await h.start(1, 4);
    const [victim, ...others] = await h.cart.devices();
    await h.cart.fault({ kind: 'unplug', udid: victim!.udid, request: 'SetCloudConfiguration' });
    const run = h.cli(h.prepareArgs());
    await eventually(async () => !(await h!.cart.device(victim!.udid)).connected, 120_000);
    await h.cart.act(victim!.udid, 'plug');
    const r = await run;
    const out = prepareSummary(r.stdout);
    expect(r.code, r.stderr).toBe(0);
    const job = out.jobs.find((j) => j.udid === victim!.udid)!;
    expect(job.state).toBe('succeeded');
    expect(job.steps.find((s) => s.name === 'supervise')?.attempts).toBe(2);
    const after = await h.cart.device(victim!.udid);
    expect(after).toMatchObject({ supervised: true, organizationName: 'Acme Schools' });
    for (const o of others) expect((await h.cart.device(o.udid)).supervised).toBe(true);
  }, 300_000);

  it('kill -9 mid-batch, then stage --resume: every device staged exactly once, one MDM report each', async () => {
    h = new StationHarness({ devices: 8, seed: `kill-${Date.now()}`, latency: 'realistic', timeScale: 0.2 });
    await h.start(1, 8);
    const child = h.spawnCli(h.prepareArgs(['--concurrency', '2']));
    // Kill once some devices are supervised but not all: the batch is mid-flight.
    await eventually(async () => {
      const n = (await h!.cart.devices()).filter((d) => d.supervised).length;
      return n >= 2 && n < 8;
    }, 180_000, 50);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = await h.cart.devices();
    expect(before.filter((d) => d.supervised).length).toBeLessThan(8);

    // Without the identity the batch started with, resuming is refused up front with the remedy.
    const refused = await h.cli(['stage', '--resume', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.message).toMatch(/--identity/);
    const r = await h.cli(['stage', '--resume', '--identity', h.p12, '--password', 'pw', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as PrepareJson;
    expect(out.jobs.length).toBeGreaterThan(0);
    const devices = await h.cart.devices();
    for (const d of devices) {
      expect(d.supervised, d.udid).toBe(true);
      expect(d.counters.SetCloudConfiguration, `${d.udid} supervised once`).toBe(1);
      const journal = h.query<{ state: string; steps: string }>(
        "SELECT j.state, (SELECT group_concat(name || ':' || s.state || ':' || attempts || ':' || coalesce(error_code, ''), ' ') FROM job_steps s WHERE s.job_id = j.id) AS steps FROM jobs j WHERE udid = ?",
        d.udid,
      );
      expect(d.name, JSON.stringify(journal)).toMatch(/^Cart A-0\d$/);
    }
    const reports = h.query<{ device_key: string; n: number }>("SELECT device_key, count(*) AS n FROM outbox WHERE kind = 'device-staged' GROUP BY device_key");
    expect(reports).toHaveLength(8);
    expect(reports.every((x) => x.n === 1)).toBe(true);
    const unfinished = h.query<{ id: string; state: string; error_code: string | null; error_message: string | null }>("SELECT id, state, error_code, error_message FROM jobs WHERE state <> 'succeeded'");
    expect(unfinished, JSON.stringify(unfinished)).toEqual([]);
  }, 400_000);

  it('prepare --keep-identity-for-resume, kill -9, then stage --resume with no identity typed; the sealed copy goes when the batch ends', async () => {
    h = new StationHarness({ devices: 4, seed: `keep-${Date.now()}`, latency: 'realistic', timeScale: 0.2 });
    await h.start(1, 4);
    // The identity lives only in the file (identity create without --store keeps no copy on the station).
    const child = h.spawnCli(h.prepareArgs(['--concurrency', '1', '--keep-identity-for-resume']));
    await eventually(async () => {
      const n = (await h!.cart.devices()).filter((d) => d.supervised).length;
      return n >= 1 && n < 4;
    }, 180_000, 50);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const kept = h.query<{ key: string; secret: number; value: string | null; sealed: Buffer | null }>("SELECT key, secret, value, sealed FROM settings WHERE key LIKE 'staging.resumeIdentity%' ORDER BY key");
    expect(kept.map((k) => [k.key, k.secret])).toEqual([['staging.resumeIdentity', 1], ['staging.resumeIdentity.batch', 0]]);
    // Sealed: neither the password nor the .p12's bytes are in the database in the clear.
    expect(kept[0]!.value).toBeNull();
    expect(kept[0]!.sealed!.includes(Buffer.from('"password":"pw"'))).toBe(false);

    const r = await h.cli(['stage', '--resume', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as PrepareJson;
    expect(out.jobs.length).toBeGreaterThan(0);
    for (const d of await h.cart.devices()) {
      expect(d, d.udid).toMatchObject({ supervised: true, organizationName: 'Acme Schools' });
      expect(d.counters.SetCloudConfiguration, `${d.udid} supervised once`).toBe(1);
    }
    expect(h.query("SELECT key FROM settings WHERE key LIKE 'staging.resumeIdentity%'")).toEqual([]);
    // Gone with the batch: a later resume has nothing to use it for, and a new batch needs an identity again.
    const again = await h.cli(['prepare', '--all', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.message).toMatch(/no supervision identity/);
  }, 400_000);
});
