import type { AdminCommandName } from '../api/admin.js';
import type { StationHandlers } from '../api/station-handlers.js';
import { expiryWarnings, hashPin, loadExpiry, parseUsersCsv, saveExpiry, saveMdmConfig, type ConfigureInput, type ExpiryDates } from '../mdm/index.js';
import { StoreError } from '../store/errors.js';
import { asAdmin, stationError } from './admin-errors.js';
import { adminUserView, expiryView, lockoutView, mdmConfigView, outboxView, syncRunView } from './admin-views.js';
import { describeIdentity } from './supervisor.js';
import type { KioskGuard } from './kiosk-guard.js';
import type { StationServices } from './services.js';

export type AdminHandlers = Pick<StationHandlers, AdminCommandName>;

/** How long the Test button waits for the MDM before it says so. */
const TEST_TIMEOUT_MS = 20_000;

/**
 * The Admin screens' commands: MDM connection, supervision identity, local directory. `guard` is the
 * station's one kiosk guard (handlers.ts): the locks listed and cleared here are the ones it set.
 */
export function adminHandlers(station: StationServices, guard: KioskGuard): AdminHandlers {
  const store = station.store;
  const audit = (action: string, details: Record<string, unknown> = {}) => station.audit(action, null, details);

  const datesView = (dates: ExpiryDates) => ({ adeServerToken: dates.adeServerToken ?? null, vppContentToken: dates.vppContentToken ?? null, apnsCertificate: dates.apnsCertificate ?? null });

  return {
    'mdm.status': async () => {
      const dates = loadExpiry(store);
      const schedule = station.mdmLink.schedule();
      const last = store.syncRuns.latest();
      return {
        config: mdmConfigView(store),
        counts: store.outbox.counts(),
        lastSync: last ? syncRunView(last) : null,
        expiry: expiryWarnings(dates, new Date()).map(expiryView),
        expiryDates: datesView(dates),
        periodicSync: { running: schedule.running, intervalMinutes: schedule.intervalMs / 60_000 },
      };
    },
    'mdm.test': async () =>
      asAdmin(async () => {
        const connector = station.mdmLink.connector();
        const report = await connector.testConnection(AbortSignal.timeout(TEST_TIMEOUT_MS));
        audit('mdm.test', { connector: report.connector, ok: report.ok });
        return { ok: report.ok, connector: report.connector, checks: report.checks, checkedAt: new Date().toISOString() };
      }),
    'mdm.outbox': async ({ limit }) => ({
      counts: store.outbox.counts(),
      waiting: [...store.outbox.list({ state: 'sending', limit }), ...store.outbox.list({ state: 'pending', limit })].slice(0, limit).map(outboxView),
      dead: store.outbox.deadLetters(limit).map(outboxView),
    }),
    'mdm.retryDead': async ({ id }) => {
      const current = store.outbox.get(id);
      if (!current) throw stationError('NOT_FOUND', `There is no MDM message ${id}.`, 'Reload the outbox: the list may be out of date.');
      if (current.state !== 'dead') throw stationError('CONFLICT', `MDM message ${id} is no longer in the dead-letter list (it is ${current.state}).`, 'Reload the outbox to see where it is now.');
      let message;
      try {
        message = store.outbox.retryDead(id);
      } catch (e) {
        // Retried from another screen between the check and now.
        if (e instanceof StoreError) throw stationError('CONFLICT', `MDM message ${id} was just retried from another screen.`, 'Reload the outbox.');
        throw e;
      }
      audit('mdm.outbox.retry', { id, kind: message.kind, device: message.deviceKey });
      station.mdmLink.wake();
      return { message: outboxView(message) };
    },
    'mdm.sync': async () =>
      asAdmin(async () => {
        const run = await station.mdmLink.syncNow();
        audit('mdm.sync', { run: run.id, state: run.state });
        station.mdmLink.wake();
        return { run: syncRunView(run) };
      }),
    'mdm.syncRuns': async ({ limit }) => store.syncRuns.list(limit).map(syncRunView),
    'mdm.setSyncInterval': async ({ minutes }) => {
      const schedule = await station.mdmLink.setSyncInterval(minutes);
      audit('mdm.syncInterval', { minutes });
      return { running: schedule.running, intervalMinutes: schedule.intervalMs / 60_000 };
    },
    'mdm.setExpiry': async (change) => {
      const update = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as ExpiryDates;
      const dates = Object.keys(update).length ? saveExpiry(store, update) : loadExpiry(store);
      audit('mdm.expiry', update);
      return { expiryDates: datesView(dates), expiry: expiryWarnings(dates, new Date()).map(expiryView) };
    },
    'mdm.configure': async (input) =>
      asAdmin(async () => {
        saveMdmConfig(store, input as ConfigureInput, () => station.secrets.secretBox());
        const view = mdmConfigView(store);
        // What changed, never the credentials themselves.
        audit('mdm.configure', { kind: view.kind, url: view.url, group: view.group, credentials: view.credentialsStored ? 'sealed' : 'none' });
        await station.mdmLink.reconnect();
        return view;
      }, 'credentials'),
    'identity.show': async () => {
      const source = station.secrets.identitySource();
      try {
        const id = describeIdentity(source);
        return { source: source.kind, identity: id };
      } catch (e) {
        throw stationError('INTERNAL', `The supervision identity cannot be read: ${(e as Error).message}.`, 'Import the identity again: cartwright identity import FILE.p12 --password PW --replace.');
      }
    },
    'users.list': async ({ source, limit }) => {
      const all = store.users.list(source);
      return { users: all.slice(0, limit).map(adminUserView), total: all.length };
    },
    'users.add': async (input) => {
      if (store.users.get(input.id)) throw stationError('CONFLICT', `There is already a user with the id “${input.id}”.`, 'Choose another id, or import a CSV to update existing users.');
      const blank = (v: string | undefined) => (v && v.trim() ? v.trim() : null);
      const pin = blank(input.pin);
      const user = store.users.upsert({
        id: input.id,
        name: input.name,
        username: blank(input.username),
        email: blank(input.email),
        badge: blank(input.badge),
        // The same salted scrypt hash as the CSV import: the PIN itself is never stored.
        pinHash: pin ? hashPin(pin) : null,
        groups: input.groups,
        source: 'local',
      });
      audit('users.add', { id: user.id, badge: user.badge !== null, pin: user.pinHash !== null });
      return { user: adminUserView(user) };
    },
    'users.locked': async () => ({ locked: guard.locked().map(lockoutView) }),
    'users.unlock': async ({ kind, key }) => {
      const before = guard.unlock(kind, key);
      audit('users.unlock', { kind, key, found: before !== undefined, failures: before?.failures ?? 0 });
      return { unlocked: before !== undefined, lockout: before ? lockoutView(before) : null };
    },
    'users.import': async ({ csv, fileName }) => {
      let parsed: ReturnType<typeof parseUsersCsv>;
      try {
        parsed = parseUsersCsv(csv);
      } catch (e) {
        return { imported: 0, withPin: 0, errors: [`The file is not a readable CSV: ${(e as Error).message}`] };
      }
      if (parsed.errors.length) return { imported: 0, withPin: 0, errors: parsed.errors };
      if (parsed.users.length === 0) return { imported: 0, withPin: 0, errors: ['The file has no users: it needs a header line (id, name, email, badge, pin, groups) and one line per person.'] };
      let imported: number;
      try {
        imported = store.users.upsertMany(parsed.users);
      } catch (e) {
        if (e instanceof StoreError) return { imported: 0, withPin: 0, errors: [`${e.message}; nothing was imported.`] };
        throw e;
      }
      const withPin = parsed.users.filter((u) => u.pinHash).length;
      audit('users.import', { file: fileName ?? null, imported, withPin });
      return { imported, withPin, errors: [] };
    },
  };
}
