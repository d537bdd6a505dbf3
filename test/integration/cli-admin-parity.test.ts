import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchToResult } from '../../electron/api/index.js';
import { Station } from '../../electron/station/station.js';
import { openStore } from '../../electron/store/index.js';
import { runCli } from '../helpers/cli.js';
import { emptyTransport } from '../helpers/empty-transport.js';

/**
 * The CLI is a formatter over the station API: `users import` and `mdm outbox --retry` must leave
 * the same directory, the same outbox and the same audit rows as the Admin screens' commands.
 */
const CSV = 'id,name,email,badge,pin,groups\nu1,Ann Lee,ann@example.com,B-001,1234,nurses;lab\nu2,Bo Chan,bo@example.com,B-002,,\n';
const BAD_CSV = 'id,name,email\nu3,Cy,not-an-email\n';

/** A data directory with one dead letter (the MDM refused it for good). */
function seededDataDir(root: string, name: string): { dataDir: string; deadId: number } {
  const dataDir = join(root, name);
  const store = openStore(dataDir);
  try {
    const { message } = store.outbox.enqueue({ idempotencyKey: 'checkin-F2LXX0000001-1', deviceKey: 'F2LXX0000001', kind: 'checkin', payload: { serial: 'F2LXX0000001' } });
    store.outbox.claimReady();
    store.outbox.markFailed(message.id, 'MDM_REJECTED: HTTP 400 (1001) the user is unknown', { permanent: true });
    return { dataDir, deadId: message.id };
  } finally {
    store.close();
  }
}

/** What a person could tell apart afterwards: the directory, the outbox and the audit log (minus time and source). */
function evidence(dataDir: string) {
  const store = openStore(dataDir);
  try {
    return {
      users: store.users.list().map((u) => ({ id: u.id, name: u.name, email: u.email, groups: u.groups, source: u.source, hasBadge: u.badge !== null, hasPin: u.pinHash !== null })),
      outbox: store.outbox.list({}).map((m) => ({ id: m.id, kind: m.kind, deviceKey: m.deviceKey, state: m.state, attempts: m.attempts, lastError: m.lastError })),
      audit: store.audit.query({ limit: 100, order: 'asc' }).map((e) => ({ actor: e.actor, action: e.action, udid: e.udid, details: e.details })),
      sources: [...new Set(store.audit.query({ limit: 100 }).map((e) => e.source))],
    };
  } finally {
    store.close();
  }
}

describe('the CLI and the screens give the same result', () => {
  let root: string;
  let csv: string;
  let badCsv: string;
  let screens: { dataDir: string; deadId: number };
  let cli: { dataDir: string; deadId: number };
  const env = () => ({ CARTWRIGHT_DATA_DIR: cli.dataDir, USBMUXD_SOCKET_ADDRESS: `UNIX:${join(root, 'no-usbmuxd')}`, CARTWRIGHT_SECRET_PASSPHRASE: '', CARTWRIGHT_SECRET_KEYFILE: '' });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cw-parity-'));
    csv = join(root, 'users.csv');
    badCsv = join(root, 'bad.csv');
    writeFileSync(csv, CSV);
    writeFileSync(badCsv, BAD_CSV);
    screens = seededDataDir(root, 'screens');
    cli = seededDataDir(root, 'cli');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('for users import and dead-letter retry: same directory, outbox and audit rows', async () => {
    // The Admin screens: the same commands over dispatch, as IPC and HTTP run them.
    const station = await Station.open({ dataDir: screens.dataDir, transport: emptyTransport('PARITY-BUID'), source: 'screen' });
    const screenAnswers: unknown[] = [];
    try {
      const run = async (name: string, input: unknown) => {
        const r = await dispatchToResult(station.handlers, name, input);
        screenAnswers.push(r.ok ? r.value : r.error.code);
        return r;
      };
      expect((await run('users.import', { csv: BAD_CSV, fileName: badCsv })).ok).toBe(true);
      expect((await run('users.import', { csv: CSV, fileName: csv })).ok).toBe(true);
      expect((await run('mdm.retryDead', { id: screens.deadId })).ok).toBe(true);
      // The state check: a message no longer dead is not retried twice.
      expect((await run('mdm.retryDead', { id: screens.deadId })).ok).toBe(false);
    } finally {
      await station.close();
    }

    const bad = await runCli(['users', 'import', badCsv, '--json'], env());
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('nothing imported') });
    const imported = await runCli(['users', 'import', csv, '--json'], env());
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ imported: 2, withPin: 1 });
    expect(screenAnswers[1]).toEqual({ imported: 2, withPin: 1, errors: [] });

    const retried = await runCli(['mdm', 'outbox', '--retry', String(cli.deadId), '--json'], env());
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ counts: { pending: 1, dead: 0 }, dead: [] });
    const again = await runCli(['mdm', 'outbox', '--retry', String(cli.deadId), '--json'], env());
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.code).toBe(screenAnswers[3]);
    expect(screenAnswers[3]).toBe('CONFLICT');

    const fromScreens = evidence(screens.dataDir);
    const fromCli = evidence(cli.dataDir);
    expect(fromCli.users).toEqual(fromScreens.users);
    expect(fromCli.outbox).toEqual(fromScreens.outbox);
    expect(fromCli.outbox[0]).toMatchObject({ state: 'pending' });
    expect(fromCli.audit).toEqual(fromScreens.audit);
    expect(fromCli.audit.map((e) => e.action)).toEqual(['users.import', 'mdm.outbox.retry', 'mdm.retryDead.failed']);
    expect(fromScreens.sources).toEqual(['screen']);
    expect(fromCli.sources).toEqual(['cli']);
  });

  it('for mdm configure, ade expiry and enroll-profile import: same settings, profile and audit rows', async () => {
    const profile = join(process.cwd(), 'test', 'fixtures', 'profiles', 'mdm-enrollment.mobileconfig');
    const screensDir = join(root, 'screens-2');
    const cliDir = join(root, 'cli-2');
    const station = await Station.open({ dataDir: screensDir, transport: emptyTransport('PARITY-BUID'), source: 'screen' });
    try {
      for (const [name, input] of [
        ['mdm.configure', { kind: 'local' }],
        ['mdm.setExpiry', { apnsCertificate: '2099-01-01' }],
        ['enrollmentProfile.import', { profile: readFileSync(profile).toString('base64'), source: { kind: 'file', path: profile } }],
      ] as const) {
        const r = await dispatchToResult(station.handlers, name, input);
        expect(r.ok, JSON.stringify(r)).toBe(true);
      }
    } finally {
      await station.close();
    }
    const cliEnv = { ...env(), CARTWRIGHT_DATA_DIR: cliDir };
    for (const args of [['mdm', 'configure', '--kind', 'local'], ['ade', 'expiry', '--apns', '2099-01-01', '--json'], ['enroll-profile', 'import', profile, '--json']]) {
      const r = await runCli(args, cliEnv);
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    const shown = await runCli(['ade', 'expiry', '--json'], cliEnv);
    expect(JSON.parse(shown.stdout)).toMatchObject({ dates: { apnsCertificate: expect.stringMatching(/^2099-01-01/), adeServerToken: null }, warnings: [] });

    const fromScreens = evidence(screensDir);
    const fromCli = evidence(cliDir);
    expect(fromCli.audit).toEqual(fromScreens.audit);
    expect(fromCli.audit.map((e) => e.action)).toEqual(['mdm.configure', 'mdm.expiry', 'enrollmentProfile.import']);
    const stored = (dir: string) => {
      const { importedAt: _at, ...rest } = JSON.parse(readFileSync(join(dir, 'profiles', 'enrollment.json'), 'utf8')) as Record<string, unknown>;
      return rest;
    };
    expect(stored(cliDir)).toEqual(stored(screensDir));
  });
});
