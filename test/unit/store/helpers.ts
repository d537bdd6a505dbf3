import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Clock } from '../../../electron/store/clock.js';
import { openStore, type Store, type StoreOptions } from '../../../electron/store/index.js';

/** A controllable clock: starts at a fixed instant and only moves when told. */
export class FakeClock {
  private ms: number;
  constructor(start = '2026-03-02T08:00:00.000Z') {
    this.ms = Date.parse(start);
  }
  readonly now: Clock = () => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

/** A fresh directory removed after the test. */
export function tempDir(prefix = 'cartwright-store-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real store on disk in a temp dir, closed (and its lock released) after the test. */
export function testStore(options: StoreOptions = {}): { store: Store; dir: string; clock: FakeClock } {
  const dir = tempDir();
  const clock = new FakeClock();
  const store = openStore(dir, { clock: clock.now, ...options });
  cleanups.unshift(() => store.close());
  return { store, dir, clock };
}

/** The smallest device and blueprint a job can reference. */
export function seedDeviceAndBlueprint(store: Store, udid = '00008030-000A1B2C3D4E5F60'): { udid: string; blueprint: { name: string; version: number } } {
  store.devices.upsert({ udid, serial: 'F2LX1234ABCD', connected: true });
  const { blueprint } = store.blueprints.save('Prepare', { steps: [{ step: 'pair' }, { step: 'supervise' }] });
  return { udid, blueprint: { name: blueprint.name, version: blueprint.version } };
}
