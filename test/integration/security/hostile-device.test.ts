import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasControlCharacters } from '../../../electron/api/printable.js';
import { ENROLL_PROFILE, StationHarness } from '../staging/harness.js';

/** The device is the attacker: the virtual cart reports what a hostile USB device would. */
describe('a device reporting a path as its serial number', () => {
  const h = new StationHarness({ devices: 1, seed: `hostile-${Date.now()}` });

  beforeAll(async () => {
    await h.start(1, 4);
    const csv = join(h.dir, 'users.csv');
    writeFileSync(csv, 'id,name,username,badge,pin\nc1,Cleo One,c1,BC1,1357\n');
    expect((await h.cli(['users', 'import', csv, '--json'])).code).toBe(0);
  }, 120_000);
  afterAll(() => h.dispose());

  it('is refused at the boundary (PROTOCOL) and no hand-off sheet lands outside --sheets', async () => {
    // The station upper-cases serials (normalSerial), so the target folder is upper-case too.
    const escapeTo = join(h.dir, 'ESCAPED');
    mkdirSync(escapeTo);
    const sheets = join(h.dir, 'sheets', 'deep');
    // handoff-<serial>.pdf joined onto --sheets: this serial points three folders up, into escapeTo.
    const evil = await h.cart.addDevice({ serial: '/../../../ESCAPED/X' });
    expect(evil.serial).toBe('/../../../ESCAPED/X');
    const r = await h.cli([
      'stage', evil.udid, '--flow', 'single-user-advanced', '--assign', `${evil.udid}=c1`, '--sheets', sheets,
      '--identity', h.p12, '--password', 'pw', '--enroll-profile', ENROLL_PROFILE, '--enroll-mode', 'install', '--trust-timeout', '30', '--json',
    ]);
    expect(r.code, r.stderr).not.toBe(0);
    const out = JSON.parse(r.stdout) as { jobs: { state: string; error: { code: string; message: string } | null }[]; sheets: unknown[] };
    expect(out.jobs[0]).toMatchObject({ state: 'failed', error: { code: 'PROTOCOL' } });
    expect(out.jobs[0]!.error!.message).toMatch(/as its serial number, which is not an Apple serial number/);
    expect(out.sheets).toEqual([]);
    expect(readdirSync(escapeTo)).toEqual([]);
    expect(existsSync(sheets) ? readdirSync(sheets) : []).toEqual([]);
    expect(existsSync(join(h.dir, 'data', 'handoff')) ? readdirSync(join(h.dir, 'data', 'handoff')) : []).toEqual([]);
    // The station never stored the value as a serial.
    const rows = h.query<{ serial: string | null }>('SELECT serial FROM devices WHERE udid = ?', evil.udid);
    expect(rows.every((row) => row.serial === null || !row.serial.includes('/'))).toBe(true);
  }, 240_000);

  it('a device name with ESC sequences never reaches a terminal raw; a rename with control characters is refused', async () => {
    // libplist refuses the raw control characters in lockdown's XML reply, so the station reads the
    // device as unreadable; whatever it shows about it, no ESC or BEL byte is printed.
    const evil = await h.cart.addDevice({ name: 'iPad\u001b[2J\u001b]0;pwned\u0007' });
    for (const args of [['pair', evil.udid], ['devices'], ['info', evil.udid], ['devices', '--json'], ['export', '--format', 'csv']]) {
      const r = await h.cli(args);
      expect(hasControlCharacters((r.stdout + r.stderr).replace(/[\n\t]/g, '')), args.join(' ')).toBe(false);
    }
    const rename = await h.cli(['rename', evil.udid, '--name', 'Cart A-01\u001b[31m', '--json']);
    expect(rename.code).not.toBe(0);
    expect(rename.stdout).toContain('INVALID_INPUT');
    expect((await h.cart.device(evil.udid)).name).toBe('iPad\u001b[2J\u001b]0;pwned\u0007');
    const template = await h.cli(['rename', evil.udid, '--template', 'Cart\u0007{slot}', '--json']);
    expect(template.code).not.toBe(0);
    expect(template.stdout + template.stderr).toMatch(/control characters/);
  }, 120_000);
});
