import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand, type BatchProgress, type SummaryRow } from '../../../electron/api/index.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { openStation, type Station } from '../../../electron/station/station.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { ENROLL_PROFILE, StationHarness } from './harness.js';

interface JobRow {
  state: string;
}

/**
 * `cartwright batch show|pause|resume|cancel` on a 4-device virtual cart: a batch started and
 * paused by a station that then stops (as a server would), refused while that station holds the
 * data directory, then followed, resumed, summarized as CSV and cancelled from the command line.
 */
describe('the batch commands of the CLI', () => {
  const h = new StationHarness({ devices: 4, seed: `batch-cli-${Date.now()}` });
  let station: Station | null = null;
  const call = <T>(name: string, input: unknown) => dispatchCommand(station!.handlers, name, input) as Promise<T>;
  const open = async () => {
    station = await openStation({ dataDir: join(h.dir, 'data'), identity: { kind: 'pkcs12', file: h.p12, password: 'pw' }, concurrency: 2, trustTimeoutMs: 60_000, source: 'api' });
    await station.ready();
  };
  const close = async () => {
    await station?.close();
    station = null;
  };
  const jobStates = (batchId: string) => h.query<JobRow>('SELECT state FROM jobs WHERE batch_id = ?', batchId).map((j) => j.state);
  let first = '';

  beforeAll(async () => {
    await h.start(1, 4);
    Object.assign(process.env, h.env);
    await open();
    const enrollProfile = { name: 'mdm.mobileconfig', data: readFileSync(ENROLL_PROFILE).toString('base64') };
    await call('blueprints.save', { body: prepareBlueprint({ name: 'Cart A', nameTemplate: 'Cart A-{slot:2}', enrollProfile, enrollMode: 'install' }) });
    await call('blueprints.save', { body: prepareBlueprint({ name: 'Cart B', nameTemplate: 'Cart B-{slot:2}', enrollProfile, enrollMode: 'install' }) });
    // Started and paused on the station, as the Cart screen of `cartwright serve` would.
    first = (await call<{ batchId: string }>('staging.start', { udids: 'all', blueprint: 'Cart A' })).batchId;
    await call('staging.hold', { batchId: first, hold: true });
    await eventually(async () => jobStates(first).every((s) => s === 'paused' || s === 'succeeded'), 60_000);
  }, 180_000);
  afterAll(async () => {
    await close();
    await h.dispose();
  });

  it('is refused while another station holds the data directory, as stage --resume is', async () => {
    const show = await h.cli(['batch', 'show', first]);
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(/is in use by another Cartwright station \(PID \d+/);
    expect(show.stderr).toMatch(/While it runs, follow, pause or cancel the batch on that station: the Cart screen/);
    const resume = await h.cli(['stage', '--resume']);
    expect(resume.code).toBe(1);
    // The same refusal, word for word, before the batch commands' own hint.
    expect(show.stderr.split(' While it runs')[0]).toBe(resume.stderr.trimEnd());
    const json = await h.cli(['batch', 'pause', first, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'STATION_LOCKED' } });
    // Nothing changed: the batch is still paused, on the station that holds it.
    expect(await call<BatchProgress>('staging.batch', { batchId: first })).toMatchObject({ held: true });
  }, 60_000);

  it('shows a paused batch, resumes it to the end and prints its summary as CSV', async () => {
    await close();
    const shown = await h.cli(['batch', 'show', first, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const paused = JSON.parse(shown.stdout) as { batch: BatchProgress; devices: SummaryRow[] };
    expect(paused.batch).toMatchObject({ batchId: first, blueprint: 'Cart A', total: 4, held: true, running: 0 });
    expect(paused.batch.paused).toBeGreaterThan(0);
    expect(paused.devices.map((d) => d.slot)).toEqual([1, 2, 3, 4]);

    const text = await h.cli(['batch', 'show', first]);
    expect(text.stdout).toContain(`Batch ${first} — blueprint "Cart A"`);
    expect(text.stdout).toMatch(/; paused\./);

    // The batch's identity came from a file the station did not keep: refused before a device moves.
    const refused = await h.cli(['batch', 'resume', first, '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'NO_IDENTITY' } });
    expect(await h.cli(['batch', 'show', first, '--json']).then((r) => JSON.parse(r.stdout).batch)).toMatchObject({ held: true, succeeded: paused.batch.succeeded });

    const resumed = await h.cli(['batch', 'resume', first, '--identity', h.p12, '--password', 'pw', '--json']);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    const done = JSON.parse(resumed.stdout) as { batch: BatchProgress; jobs: { state: string }[] };
    expect(done.batch).toMatchObject({ held: false, succeeded: 4, queued: 0, running: 0, paused: 0 });
    expect(done.jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const devices = await h.cart.devices();
    for (const d of devices) expect(d).toMatchObject({ supervised: true, organizationName: 'Acme Schools' });

    const csv = await h.cli(['batch', 'show', first, '--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...rows] = csv.stdout.trimEnd().split('\r\n');
    // The header the screens' "Download CSV" writes (test/e2e/cart-batch.test.ts).
    expect(header).toBe('slot,serial,name,outcome,failed step,error,remedy,duration (s),udid');
    expect(rows).toHaveLength(4);
    rows.forEach((line, i) => {
      const [slot, serial, name, outcome, , , , duration, udid] = line.split(',');
      expect(Number(slot)).toBe(i + 1);
      expect(serial).toBe(devices.find((d) => d.udid === udid)!.serial);
      expect(name).toBe(`Cart A-${String(i + 1).padStart(2, '0')}`);
      expect(outcome).toBe('Ready');
      expect(Number(duration)).toBeGreaterThan(0);
    });
    expect((await h.cli(['batch', 'show', first, '--json', '--csv'])).code).toBe(2);
  }, 240_000);

  it('pauses and cancels a batch a stopped station left unfinished; a later resume runs none of it', async () => {
    const locked = (await h.cart.devices()).find((d) => d.name === 'Cart A-04')!;
    await h.cart.fault({ kind: 'passcode-locked', udid: locked.udid });
    await open();
    const { batchId } = await call<{ batchId: string }>('staging.start', { udids: 'all', blueprint: 'Cart B' });
    // Three devices finish; the locked one waits for a person. Then the server is quit.
    await eventually(async () => {
      const states = jobStates(batchId);
      return states.filter((s) => s === 'succeeded').length === 3 && states.includes('paused');
    }, 120_000);
    await close();

    const paused = await h.cli(['batch', 'pause', batchId, '--json']);
    expect(paused.code, paused.stderr).toBe(0);
    expect(JSON.parse(paused.stdout)).toMatchObject({ batchId, held: true, succeeded: 3, paused: 1 });

    const cancel = await h.cli(['batch', 'cancel', batchId]);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(/^Cancelled 1 device\(s\)\.\nBatch .*: 3 ready, 0 failed, 1 cancelled of 4; finished\.$/m);
    expect(jobStates(batchId).sort()).toEqual(['cancelled', 'succeeded', 'succeeded', 'succeeded']);

    await h.cart.act(locked.udid, 'unlock');
    const resume = await h.cli(['stage', '--resume', '--json']);
    expect(resume.code, resume.stderr).toBe(0);
    expect(JSON.parse(resume.stdout)).toEqual({ jobs: [] });
    expect((await h.cart.device(locked.udid)).name).toBe('Cart A-04');
  }, 240_000);

  it('points at the batch id prepare printed when given an unknown one', async () => {
    const r = await h.cli(['batch', 'show', 'no-such-batch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No batch no-such-batch\. — use the batch id prepare printed/);
  }, 60_000);
});
