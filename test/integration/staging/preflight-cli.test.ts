import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLL_PROFILE, StationHarness, prepareSummary } from './harness.js';

/**
 * A fresh station data directory on a 4-device virtual cart, through the real `cartwright`
 * executable: the built-in Prepare blueprint from the first start, a batch refused before any
 * device is touched, `slots calibrate --auto` with no sizes, and `prepare --json` as NDJSON.
 */
describe('a new station: built-in Prepare, up-front validation, auto calibration, NDJSON progress', () => {
  const h = new StationHarness({ devices: 4, seed: `preflight-${Date.now()}` });

  beforeAll(async () => {
    await h.cart.start();
  }, 120_000);
  afterAll(() => h.dispose());

  it('lists the built-in Prepare blueprint on an empty data directory', async () => {
    const list = JSON.parse((await h.cli(['blueprint', 'list', '--json'])).stdout) as { name: string; version: number }[];
    expect(list).toEqual([expect.objectContaining({ name: 'Prepare', version: 1 })]);
    const shown = JSON.parse((await h.cli(['blueprint', 'show', 'Prepare'])).stdout) as { steps: { type: string }[] };
    expect(shown.steps.map((s) => s.type)).toEqual(['pair', 'inspect', 'check-activation', 'supervise', 'escalate', 'report-mdm', 'verify']);
  });

  it('refuses a batch that would fail on every device, naming every problem, before any job exists', async () => {
    // No identity stored, no enrollment profile imported, no slots calibrated, a token that does not exist.
    const r = await h.cli(['prepare', '--all', '--enroll-profile', 'stored', '--name-template', 'Cart A-{slot:2}-{room}', '--json']);
    expect(r.code).toBe(1);
    const error = (JSON.parse(r.stdout) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/4 problems, no device was touched/);
    expect(error.message).toMatch(/\{room\}/);
    expect(error.message).toMatch(/4 device\(s\) have no slot.*calibrate the slots.*\{serial\}/i);
    expect(error.message).toMatch(/supervises its devices, but this station has no supervision identity/);
    expect(error.message).toMatch(/stored MDM enrollment profile, but none was imported/);
    expect(h.query('SELECT id FROM jobs')).toEqual([]);
    expect(h.query('SELECT id FROM batches')).toEqual([]);
    for (const d of await h.cart.devices()) expect(d.counters.SetCloudConfiguration ?? 0, d.udid).toBe(0);
  });

  it('calibrates --auto with no name or sizes: "Cart", a grid for the devices in hub order; renamed later', async () => {
    const r = await h.cli(['slots', 'calibrate', '--auto', '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const cart = JSON.parse(r.stdout) as { layout: { name: string; rows: number; columns: number }; slots: { slot: number; udid: string | null }[] };
    expect(cart.layout).toEqual({ name: 'Cart', rows: 2, columns: 2 });
    expect(cart.slots.filter((s) => s.udid).map((s) => s.slot)).toEqual([1, 2, 3, 4]);
    const renamed = await h.cli(['slots', 'rename', 'Cart B', '--json']);
    expect(renamed.code, renamed.stderr + renamed.stdout).toBe(0);
    const shown = JSON.parse((await h.cli(['slots', 'show', '--json'])).stdout) as typeof cart;
    expect(shown.layout.name).toBe('Cart B');
    expect(shown.slots.filter((s) => s.udid)).toHaveLength(4);
    const walk = await h.cli(['slots', 'calibrate', '--json']);
    expect(walk.code).toBe(2);
  });

  it('prepare --json streams one JSON object per step and job as it happens, the summary last', async () => {
    const id = await h.cli(['identity', 'create', '--org', 'Acme Schools', '--out', h.p12, '--password', 'pw', '--json']);
    expect(id.code, id.stderr).toBe(0);
    const args = ['prepare', '--all', '--identity', h.p12, '--password', 'pw', '--enroll-profile', ENROLL_PROFILE, '--enroll-mode', 'install', '--name-template', 'Cart B-{slot:2}', '--trust-timeout', '5', '--json'];
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'cartwright.cjs'), ...args], { env: { ...process.env, ...h.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let firstLineWhileRunning: boolean | undefined;
    child.stdout.on('data', (d: Buffer) => {
      // Streamed, not buffered to the end: the first record arrives while the command still runs.
      if (firstLineWhileRunning === undefined && d.includes(10)) firstLineWhileRunning = child.exitCode === null;
      stdout += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code, stdout).toBe(0);
    expect(firstLineWhileRunning).toBe(true);
    const records = stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; udid?: string; step?: string; resume?: string });
    expect(records[0]).toMatchObject({ type: 'batch-started', blueprint: 'Prepare', identityKept: false });
    // Not kept: it says now what a resume after a crash will need.
    expect(records[0]!.resume).toContain(`cartwright stage --resume --identity ${h.p12} --password`);
    expect(records.at(-1)!.type).toBe('batch-summary');
    const udids = (await h.cart.devices()).map((d) => d.udid);
    for (const udid of udids) {
      const mine = records.filter((r) => r.udid === udid);
      expect(mine.filter((r) => r.type === 'step-started').map((r) => r.step)).toContain('supervise');
      expect(mine.filter((r) => r.type === 'step-finished').length).toBe(mine.filter((r) => r.type === 'step-started').length);
      expect(mine.filter((r) => r.type === 'job-finished')).toEqual([expect.objectContaining({ state: 'succeeded' })]);
      // A job's records come in order: each step starts before it finishes, the job finishes last.
      expect(mine.at(-1)!.type).toBe('job-finished');
    }
    expect(records.some((r) => r.type === 'batch-progress')).toBe(true);
    const summary = prepareSummary(stdout);
    expect(summary.jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    for (const d of await h.cart.devices()) expect(d.name).toMatch(/^Cart B-0[1-4]$/);
  }, 300_000);

  it('keeps a technician\'s saved versions of Prepare across restarts (the built-in one is only version 1)', async () => {
    // The prepare above saved its options as a new version of "Prepare".
    const list = JSON.parse((await h.cli(['blueprint', 'list', '--json'])).stdout) as { name: string; version: number }[];
    expect(list).toEqual([expect.objectContaining({ name: 'Prepare', version: 2 })]);
    const shown = JSON.parse((await h.cli(['blueprint', 'show', 'Prepare'])).stdout) as { steps: { type: string; template?: string }[] };
    expect(shown.steps.find((s) => s.type === 'rename')?.template).toBe('Cart B-{slot:2}');
    const builtIn = h.query<{ created_by: string }>("SELECT created_by FROM blueprints WHERE name = 'Prepare' AND version = 1");
    expect(builtIn).toEqual([{ created_by: 'cartwright (built-in)' }]);
  });
});
