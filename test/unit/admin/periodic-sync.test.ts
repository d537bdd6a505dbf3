import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_MINUTES, SYNC_INTERVAL_SETTING } from '../../../electron/station/sync-schedule.js';
import { openTestStation } from './station-fixture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    expect(t.station.syncSchedule()).toEqual({ running: true, intervalMs: 150 });
    await expect.poll(() => t.station.store.syncRuns.list().filter((r) => r.trigger === 'periodic').length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    const triggers = t.station.store.syncRuns.list(100).map((r) => r.trigger);
    expect(triggers.at(-1)).toBe('startup');

    await t.station.close();
    expect(t.station.syncSchedule().running).toBe(false);
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
    expect(t.station.store.syncRuns.list()).toEqual([]);
    expect(t.station.syncSchedule().running).toBe(false);
    const run = await t.station.syncNow();
    expect(run).toMatchObject({ trigger: 'manual', state: 'succeeded', connector: 'local' });
  });

  it('never runs two passes at once: a manual sync joins the one running', async () => {
    const t = await openTestStation({ syncIntervalMs: 60_000 });
    dispose = t.dispose;
    const [a, b] = await Promise.all([t.station.syncNow(), t.station.syncNow()]);
    expect(a.id).toBe(b.id);
  });

  it('takes its interval from the settings, 15 minutes by default, within sane bounds', async () => {
    const t = await openTestStation();
    dispose = t.dispose;
    expect(DEFAULT_SYNC_MINUTES).toBe(15);
    expect(t.station.syncSchedule().intervalMs).toBe(15 * 60_000);
    t.station.store.settings.set(SYNC_INTERVAL_SETTING, 5);
    expect(t.station.syncSchedule().intervalMs).toBe(5 * 60_000);
    t.station.store.settings.set(SYNC_INTERVAL_SETTING, 0);
    expect(t.station.syncSchedule().intervalMs).toBe(60_000);
    t.station.store.settings.set(SYNC_INTERVAL_SETTING, 'soon');
    expect(t.station.syncSchedule().intervalMs).toBe(15 * 60_000);
  });

  it('applies a new interval from the Admin screen at once', async () => {
    const t = await openTestStation();
    dispose = t.dispose;
    t.station.activateStaging({ resumeAttached: true, periodicSync: true });
    expect(await t.station.handlers['mdm.setSyncInterval']({ minutes: 5 })).toEqual({ running: true, intervalMinutes: 5 });
    expect((await t.station.handlers['mdm.status']({})).periodicSync).toEqual({ running: true, intervalMinutes: 5 });
    expect(t.station.store.audit.query({ action: 'mdm.syncInterval', limit: 5 })).toHaveLength(1);
  });
});
