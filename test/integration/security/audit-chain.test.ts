import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntryHash, type ChainedContent } from '../../../electron/store/audit-chain.js';
import { migrate } from '../../../electron/store/migrate.js';
import { migrations } from '../../../electron/store/migrations/index.js';
import { openStore } from '../../../electron/store/index.js';
import { runCli } from '../../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'cw-audit-chain-'));
const dataDir = join(root, 'data');
const env = (dir: string): NodeJS.ProcessEnv => ({ CARTWRIGHT_DATA_DIR: dir, CARTWRIGHT_SECRET_PASSPHRASE: 'correct horse' });

interface Report {
  ok: boolean;
  entries: number;
  head: string;
  firstBreak: { id: number; reason: string; message: string } | null;
}

/** A copy of the station's database an attacker edits with the triggers dropped; returns its data dir. */
function tampered(name: string, sql: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const suffix of ['', '-wal']) if (existsSync(join(dataDir, `cartwright.db${suffix}`))) copyFileSync(join(dataDir, `cartwright.db${suffix}`), join(dir, `cartwright.db${suffix}`));
  const db = new Database(join(dir, 'cartwright.db'));
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chained;');
  db.exec(sql);
  db.close();
  return dir;
}

async function verify(dir: string): Promise<{ code: number; report: Report }> {
  const r = await runCli(['audit', 'verify', '--json'], env(dir));
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

describe('the hash-chained audit log and cartwright audit verify', () => {
  beforeAll(() => {
    const store = openStore(dataDir);
    try {
      for (const action of ['device.erase', 'device.rename', 'identity.create', 'users.import', 'device.pair']) {
        store.audit.append({ actor: 'tech', source: 'cli', action, udid: '00008030-001A2C3E0E38802E', details: { n: action.length } });
      }
    } finally {
      store.close();
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('an untouched log verifies (exit 0)', async () => {
    const { code, report } = await verify(dataDir);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, entries: 5, firstBreak: null });
    expect(report.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the triggers still refuse edits through the station database', () => {
    const db = new Database(join(dataDir, 'cartwright.db'));
    try {
      expect(() => db.exec("UPDATE audit_log SET actor = 'nobody' WHERE id = 2")).toThrow(/append-only/);
      expect(() => db.exec("INSERT INTO audit_log (at, actor, source, action) VALUES ('2026-01-01T00:00:00.000Z', 'x', 'cli', 'forged')")).toThrow(/must be chained/);
    } finally {
      db.close();
    }
  });

  it('an entry edited with the triggers dropped is named (exit 1)', async () => {
    const { code, report } = await verify(tampered('edited', "UPDATE audit_log SET actor = 'somebody else' WHERE id = 2"));
    expect(code).toBe(1);
    expect(report.firstBreak).toMatchObject({ id: 2, reason: 'content-changed' });
    const details = await verify(tampered('details', `UPDATE audit_log SET details = '{"n":0}' WHERE id = 4`));
    expect(details.report.firstBreak).toMatchObject({ id: 4, reason: 'content-changed' });
  });

  it('a deleted entry, an entry slipped in with a recomputed hash, and a truncated tail are found', async () => {
    expect((await verify(tampered('deleted', 'DELETE FROM audit_log WHERE id = 3'))).report.firstBreak).toMatchObject({ id: 4, reason: 'link-broken' });
    const human = await runCli(['audit', 'verify'], env(join(root, 'deleted')));
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/AUDIT LOG TAMPERED: Audit entry 4 does not follow the entry before it/);
    // Rewriting an entry and recomputing its own hash (the scheme is no secret) still breaks the next link.
    const db = new Database(join(dataDir, 'cartwright.db'), { readonly: true });
    const row2 = db.prepare('SELECT * FROM audit_log WHERE id = 2').get() as ChainedContent & { prev_hash: string };
    db.close();
    const forged = auditEntryHash(row2.prev_hash, { ...row2, actor: 'somebody else' });
    const rehashed = await verify(tampered('rehashed', `UPDATE audit_log SET actor = 'somebody else', hash = '${forged}' WHERE id = 2`));
    expect(rehashed.report.firstBreak).toMatchObject({ id: 3, reason: 'link-broken' });
    expect((await verify(tampered('truncated', 'DELETE FROM audit_log WHERE id >= 4'))).report.firstBreak).toMatchObject({ id: 5, reason: 'entries-missing-at-end' });
  });

  it('migration 0007 chains the entries of an older database, and new ones continue the chain', async () => {
    const dir = join(root, 'older');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const db = new Database(join(dir, 'cartwright.db'));
    migrate(db, undefined, migrations.slice(0, 6));
    const insert = db.prepare("INSERT INTO audit_log (at, actor, source, action, details) VALUES (?, 'old', 'cli', ?, '{}')");
    for (let i = 0; i < 3; i++) insert.run(`2026-0${i + 1}-01T00:00:00.000Z`, `old.${i}`);
    db.close();
    const store = openStore(dir);
    try {
      store.audit.append({ actor: 'new', source: 'cli', action: 'after.upgrade' });
      expect(store.audit.verify()).toMatchObject({ ok: true, entries: 4 });
    } finally {
      store.close();
    }
    expect((await verify(dir)).code).toBe(0);
  });
});
