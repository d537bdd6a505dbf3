import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditEntryHash, chainHead } from '../../../electron/store/audit-chain.js';
import { DATABASE_FILE, openStore } from '../../../electron/store/store.js';
import { testStore } from './helpers.js';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const APPENDER = join(REPO_ROOT, 'test/unit/store/fixtures/append-audit-forever.ts');

/** The repo keeps the chain's head in memory: these are the cases where that memory is wrong. */
describe('AuditRepo appends after the real head of the chain', () => {
  it('an entry rolled back with its caller’s transaction is not linked to', () => {
    const { store } = testStore();
    store.audit.append({ actor: 'tech', source: 'cli', action: 'first' });
    expect(() =>
      store.transaction(() => {
        store.audit.append({ actor: 'tech', source: 'cli', action: 'rolled.back' });
        throw new Error('the step failed after its audit entry');
      }),
    ).toThrow(/the step failed/);
    store.audit.append({ actor: 'tech', source: 'cli', action: 'after' });
    expect(store.audit.query({ order: 'asc' }).map((e) => e.action)).toEqual(['first', 'after']);
    expect(store.audit.verify()).toMatchObject({ ok: true, entries: 2 });
  });

  it('an entry another connection appended is linked to', () => {
    const { store, dir } = testStore();
    store.audit.append({ actor: 'tech', source: 'cli', action: 'first' });
    const other = new Database(join(dir, DATABASE_FILE));
    try {
      const prev = chainHead(other);
      const content = { at: '2026-03-02T08:00:00.000Z', actor: 'tool', source: 'cli', action: 'elsewhere', udid: null, serial: null, details: '{}' };
      other
        .prepare('INSERT INTO audit_log (at, actor, source, action, udid, serial, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(content.at, content.actor, content.source, content.action, null, null, content.details, prev, auditEntryHash(prev, content));
    } finally {
      other.close();
    }
    const entry = store.audit.append({ actor: 'tech', source: 'cli', action: 'after' });
    expect(entry.id).toBe(3);
    expect(store.audit.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('a reopened store continues the chain it finds on disk', () => {
    const { store, dir } = testStore();
    store.audit.append({ actor: 'tech', source: 'cli', action: 'before.restart' });
    store.close();
    const reopened = openStore(dir);
    try {
      reopened.audit.append({ actor: 'tech', source: 'cli', action: 'after.restart' });
      expect(reopened.audit.verify()).toMatchObject({ ok: true, entries: 2 });
    } finally {
      reopened.close();
    }
  });

  it('a station killed while appending leaves a chain that verifies and continues', async () => {
    const { dir } = testStore();
    const dataDir = join(dir, 'station');
    const child = spawn(process.execPath, ['--import', 'tsx', APPENDER, dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((ready, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('appending') && ready());
      child.once('exit', (code) => reject(new Error(`appender exited early (${code})`)));
    });
    await new Promise((wrote) => setTimeout(wrote, 150));
    child.kill('SIGKILL');
    await new Promise((gone) => child.once('exit', gone));
    const reopened = openStore(dataDir);
    try {
      const before = reopened.audit.verify();
      expect(before).toMatchObject({ ok: true, firstBreak: null });
      expect(before.entries).toBeGreaterThan(80);
      reopened.audit.append({ actor: 'tech', source: 'cli', action: 'after.restart' });
      expect(reopened.audit.verify()).toMatchObject({ ok: true, entries: before.entries + 1 });
    } finally {
      reopened.close();
    }
  }, 20_000);
});
