import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../../electron/station/station.js';
import { stationInternals } from '../../../electron/station/station-internals.js';
import { DEFAULT_SYNC_MINUTES, SYNC_INTERVAL_SETTING } from '../../../electron/station/sync-schedule.js';
import { openTestStation } from './station-fixture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The schedule as the Admin screen reads it. */
const periodicSync = async (station: Station) => (await station.handlers['mdm.status']({})).periodicSync;
const syncRuns = (station: Station) => station.handlers['mdm.syncRuns']({ limit: 100 });

describe('the periodic MDM sync of a serving station', () => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('runs at start-up and then every interval while the station serves, and stops with close()', async () => {
    const t = await openTestStation({ syncIntervalMs: 150 });
    dispose = t.dispose;
    t.station.activateStaging({ resumeAttached: true, periodicSync: true });
    expect(await periodicSync(t.station)).toEqual({ running: true, intervalMinutes: 150 / 60_000 });
    await expect.poll(async () => (await syncRuns(t.station)).filter((r) => r.trigger === 'periodic').length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    const triggers = (await syncRuns(t.station)).map((r) => r.trigger);
    expect(triggers.at(-1)).toBe('startup');

    // Closed, the station answers no command: its MDM link says whether the schedule stopped.
    const { mdmLink } = stationInternals(t.station);
    await t.station.close();
    expect(mdmLink.schedule().running).toBe(false);
    const count = () => {
      const db = new Database(join(t.dir, 'data', 'cartwright.db'), { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n, SUM(state = ?) AS running FROM mdm_sync_runs').get('running') as { n: number; running: number });
      } finally {
        db.close();
      }
    };
    const after = count();
    // close() let the pass in flight finish: nothing is left "running".
    expect(after.running).toBe(0);
    await sleep(500);
    expect(count().n).toBe(after.n);
  });

  it('is not started by one-shot commands (prepare, stage), which still sync on demand', async () => {
    const t = await openTestStation({ syncIntervalMs: 100 });
    dispose = t.dispose;
    t.station.activateStaging({ resumeAttached: false });
    await sleep(400);
    expect(await syncRuns(t.station)).toEqual([]);
    expect((await periodicSync(t.station)).running).toBe(false);
    const { run } = await t.station.handlers['mdm.sync']({});
    expect(run).toMatchObject({ trigger: 'manual', state: 'succeeded', connector: 'local' });
  });

  it('never runs two passes at once: a manual sync joins the one running', async () => {
    const t = await openTestStation({ syncIntervalMs: 60_000 });
    dispose = t.dispose;
    const [a, b] = await Promise.all([t.station.handlers['mdm.sync']({}), t.station.handlers['mdm.sync']({})]);
    expect(a.run.id).toBe(b.run.id);
  });

  it('takes its interval from the settings, 15 minutes by default, within sane bounds', async () => {
    const t = await openTestStation();
    dispose = t.dispose;
    expect(DEFAULT_SYNC_MINUTES).toBe(15);
    expect((await periodicSync(t.station)).intervalMinutes).toBe(15);
    // Written straight to the settings (an old or hand-edited database), past the command's checks.
    const { settings } = stationInternals(t.station).store;
    settings.set(SYNC_INTERVAL_SETTING, 5);
    expect((await periodicSync(t.station)).intervalMinutes).toBe(5);
    settings.set(SYNC_INTERVAL_SETTING, 0);
    expect((await periodicSync(t.station)).intervalMinutes).toBe(1);
    settings.set(SYNC_INTERVAL_SETTING, 'soon');
    expect((await periodicSync(t.station)).intervalMinutes).toBe(15);
  });

  it('applies a new interval from the Admin screen at once', async () => {
    const t = await openTestStation();
    dispose = t.dispose;
    t.station.activateStaging({ resumeAttached: true, periodicSync: true });
    expect(await t.station.handlers['mdm.setSyncInterval']({ minutes: 5 })).toEqual({ running: true, intervalMinutes: 5 });
    expect((await t.station.handlers['mdm.status']({})).periodicSync).toEqual({ running: true, intervalMinutes: 5 });
    expect(stationInternals(t.station).store.audit.query({ action: 'mdm.syncInterval', limit: 5 })).toHaveLength(1);
  });
});
