import type { AdminUser, ExpiryWarningView, LockoutView, MdmConfigView, OutboxMessageView, SyncRunView } from '../api/admin.js';
import { describeMdmConfig, EXPIRY_ITEMS, type ExpiryWarning } from '../mdm/index.js';
import type { OutboxMessage, Store, SyncRun, User } from '../store/index.js';
import type { Lockout } from '../store/repos/lockouts-repo.js';
import { toDirectoryUser } from '../flows/directory/service.js';

/** The station's records as the Admin screens see them: secrets, payloads and PIN hashes stay behind. */

export function mdmConfigView(store: Store): MdmConfigView {
  const d = describeMdmConfig(store);
  if (d.kind === 'local') return { kind: 'local', url: null, group: null, stagingUser: null, authMethod: null, account: null, credentialsStored: false };
  return {
    kind: d.kind,
    url: d.url ?? null,
    group: (d.kind === 'meraki' ? d.network : d.og) ?? null,
    stagingUser: d.stagingUser ?? null,
    authMethod: d.authMethod ?? null,
    account: (d.authMethod === 'oauth' ? d.clientId : d.username) ?? null,
    credentialsStored: d.secrets.length > 0,
  };
}

export function outboxView(m: OutboxMessage): OutboxMessageView {
  return { id: m.id, kind: m.kind, device: m.deviceKey, state: m.state, attempts: m.attempts, lastError: m.lastError, createdAt: m.createdAt, nextAttemptAt: m.nextAttemptAt };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : 0);

export function syncRunView(r: SyncRun): SyncRunView {
  const s = r.stats;
  return {
    id: r.id,
    connector: r.connector,
    trigger: r.trigger,
    state: r.state,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    checked: count(s.checked),
    enrolled: count(s.enrolled),
    users: typeof s.users === 'number' ? s.users : null,
    warnings: strings(s.warnings),
    // A failed run may carry only its first error in `error`.
    errors: strings(s.errors).length ? strings(s.errors) : r.error ? [r.error] : [],
  };
}

export function expiryView(w: ExpiryWarning): ExpiryWarningView {
  return { item: w.item, label: EXPIRY_ITEMS[w.item], expiresAt: w.expiresAt, daysLeft: w.daysLeft, level: w.level, message: w.message };
}

export function adminUserView(u: User): AdminUser {
  return { ...toDirectoryUser(u), hasPin: u.pinHash !== null, updatedAt: u.updatedAt };
}

/** A lockout without the names tried (those go to the audit log only). */
export function lockoutView(l: Lockout): LockoutView {
  return { kind: l.kind, key: l.key, failures: l.failures, lockedUntil: l.lockedUntil, firstFailureAt: l.firstFailureAt, lastFailureAt: l.lastFailureAt };
}
