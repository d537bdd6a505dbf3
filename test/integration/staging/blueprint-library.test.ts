import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchToResult, kioskMayRun } from '../../../electron/api/index.js';
import { prepareBlueprint } from '../../../electron/staging/prepare.js';
import { BUILT_IN_AUTHOR } from '../../../electron/station/built-in-blueprints.js';
import type { Station } from '../../../electron/station/station.js';
import { openTestStation } from '../../unit/admin/station-fixture.js';

// The blueprint editor's history and profile reading, through the hosts' dispatch onto a real
// station and its SQLite store.
describe('blueprints.history and profiles.inspect on the real store', () => {
  let station: Station;
  let dispose: () => Promise<void>;
  const run = (name: string, input: unknown) => dispatchToResult(station.handlers, name, input);

  beforeAll(async () => {
    ({ station, dispose } = await openTestStation());
  });
  afterAll(() => dispose());

  it('lists the built-in Prepare blueprint’s versions, newest first, and an older one saves again as the newest', async () => {
    expect(await run('blueprints.history', { name: 'Prepare' })).toMatchObject({ ok: true, value: [{ version: 1, createdBy: BUILT_IN_AUTHOR }] });
    const edited = prepareBlueprint({ nameTemplate: 'Cart A-{slot:2}' });
    expect(await run('blueprints.save', { body: edited })).toMatchObject({ ok: true, value: { name: 'Prepare', version: 2, created: true } });

    const history = await run('blueprints.history', { name: 'Prepare' });
    if (!history.ok) throw new Error(history.error.message);
    const versions = history.value as { version: number; createdAt: string; createdBy: string | null }[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.every((v) => !Number.isNaN(Date.parse(v.createdAt)))).toBe(true);

    // Open version 1 and save it again: it becomes version 3, and version 2 stays in the history.
    const first = await run('blueprints.get', { name: 'Prepare', version: 1 });
    if (!first.ok) throw new Error(first.error.message);
    expect((first.value as { body: unknown }).body).toEqual(prepareBlueprint());
    expect(await run('blueprints.save', { body: (first.value as { body: unknown }).body })).toMatchObject({ ok: true, value: { version: 3, created: true } });
    const after = await run('blueprints.history', { name: 'Prepare' });
    expect(after.ok && (after.value as { version: number }[]).map((v) => v.version)).toEqual([3, 2, 1]);
    expect(await run('blueprints.get', { name: 'Prepare' })).toMatchObject({ ok: true, value: { version: 3, body: prepareBlueprint() } });
  });

  it('refuses an unknown blueprint with what to do', async () => {
    expect(await run('blueprints.history', { name: 'Nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No blueprint "Nope".', remedy: expect.stringMatching(/Pick a blueprint/) } });
    expect(await run('blueprints.history', { name: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('reads an uploaded profile without keeping it, and says why a file is not one', async () => {
    const profile = readFileSync(join(process.cwd(), 'test', 'fixtures', 'profiles', 'mdm-enrollment.mobileconfig')).toString('base64');
    const read = await run('profiles.inspect', { profile });
    expect(read).toMatchObject({ ok: true, value: { format: 'xml', signed: false, mdm: { serverUrl: expect.any(String) } } });
    expect(read.ok && (read.value as { payloads: unknown[] }).payloads.length).toBeGreaterThan(0);
    expect(await run('enrollmentProfile.show', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // Whatever a technician picks by mistake is the input's fault, never an internal error.
    const junk = ['not a profile', 'bplist00garbage', '\u0030\u0082\u0001\u0000', '<?xml version="1.0"?><plist><array/></plist>'];
    for (const text of junk) {
      expect(await run('profiles.inspect', { profile: Buffer.from(text).toString('base64') }), text).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('is not for kiosks', () => {
    expect(kioskMayRun('blueprints.history')).toBe(false);
    expect(kioskMayRun('profiles.inspect')).toBe(false);
  });
});
