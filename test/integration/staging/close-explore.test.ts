import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand, type StationEvent } from '../../../electron/api/index.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { openStation, type Station } from '../../../electron/station/station.js';
import { ENROLL_PROFILE, StationHarness } from './harness.js';

const STEPS = (process.env.CLOSE_STEPS ?? 'pair,inspect,check-activation,supervise,escalate,enroll,rename,report-mdm,verify').split(',');
describe('explore', () => {
  const h = new StationHarness({ devices: 4, seed: `explore-${Date.now()}`, latency: 'realistic', timeScale: Number(process.env.TS ?? '1') });
  let station: Station | undefined;
  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason instanceof Error ? `${reason.stack} ${JSON.stringify(reason)}` : String(reason));
  const call = <T>(name: string, input: unknown) => dispatchCommand(station!.handlers, name, input) as Promise<T>;
  let closing: Promise<void> | null = null;
  let target = '';
  const open = async () => {
    const s = await openStation({ dataDir: join(h.dir, 'data'), identity: { kind: 'pkcs12', file: h.p12, password: 'pw' }, concurrency: 4, trustTimeoutMs: 60_000, source: 'api' });
    station = s;
    s.subscribe((e: StationEvent) => {
      if (e.type === 'job' && e.job.kind === 'step-started' && e.job.step === target && !closing) { console.log('closing at', target); closing = s.close(); }
    });
    await s.ready();
  };
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await h.start(1, 4);
    Object.assign(process.env, h.env);
    await open();
    const enrollProfile = { name: 'mdm.mobileconfig', data: readFileSync(ENROLL_PROFILE).toString('base64') };
    await call('blueprints.save', { body: prepareBlueprint({ name: 'Cart A', nameTemplate: 'Cart A-{slot:2}', enrollProfile, enrollMode: 'install' }) });
  }, 180_000);
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await station?.close();
    await h.dispose();
  });
  it('explores', async () => {
    let first = true;
    let jobIds: string[] = [];
    for (const step of STEPS) {
      target = step;
      closing = null;
      if (first) ({ jobIds } = await call<{ jobIds: string[] }>('staging.start', { udids: 'all', blueprint: 'Cart A' }));
      else { await open(); station!.activateStaging({ resumeAttached: true }); }
      first = false;
      const t0 = Date.now();
      while (!closing && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 10));
      await closing;
      await new Promise((r) => setTimeout(r, 3000));
      console.log(step, 'unhandled so far', unhandled.length);
    }
    await open();
    station!.activateStaging({ resumeAttached: true });
    const settled = await call<{ jobs: { state: string }[] }>('staging.settle', { jobIds });
    console.log(settled.jobs.map((j) => j.state));
    console.log(unhandled.join('\n=====\n'));
    expect(unhandled).toEqual([]);
  }, 600_000);
});
