import type { StationHandlers } from '../api/station-handlers.js';
import { hasControlCharacters, NO_CONTROL_MESSAGE } from '../api/printable.js';
import { cartwrightVersion } from '../platform/version.js';
import { parseBlueprint } from '../staging/blueprint.js';
import { errorInfo } from '../staging/error-info.js';
import { adminHandlers } from './admin-handlers.js';
import { stationKioskGuard } from './kiosk-guard.js';
import { flowHandlers } from './flows-handlers.js';
import { pickCancelHandler } from './pick-cancel-handler.js';
import { stagingSettleHandler } from './staging-settle-handler.js';
import { cartLayoutHandlers } from './cart-layout-handlers.js';
import { auditVerifyHandler } from './audit-verify-handler.js';
import { enrollmentProfileHandlers } from './enrollment-profile-handlers.js';
import { blueprintLibraryHandlers } from './blueprint-library-handlers.js';
import { identityHandlers } from './identity-handlers.js';
import { mdmLookupHandlers } from './mdm-lookup-handlers.js';
import { stagingResumeHandlers } from './staging-resume-handler.js';
import { cartView } from './cart-view.js';
import type { StationServices } from './services.js';
import { batchProgress, jobView } from './staging-views.js';
import { autoGrid, DEFAULT_LAYOUT_NAME } from '../cart/auto-grid.js';

export { batchProgress, jobView } from './staging-views.js';

const fail = (code: string, message: string): never => {
  throw Object.assign(new Error(message), { code });
};

/** The station API, one handler per command of electron/api/commands.ts. */
/** The grid for an auto-numbered layout: the sides given, or derived from the devices plugged in. */
function autoGridFor(devices: number, rows: number | undefined, columns: number | undefined): { rows: number; columns: number } {
  if (rows && columns) return { rows, columns };
  if (devices === 0) fail('INVALID_INPUT', 'No devices are plugged in to number: plug the cart\'s devices in (or give --rows and --columns), then calibrate.');
  if (rows) return { rows, columns: Math.ceil(devices / rows) };
  if (columns) return { rows: Math.ceil(devices / columns), columns };
  return autoGrid(devices);
}

export function stationHandlers(station: StationServices): StationHandlers {
  // The one kiosk guard: the sign-ins it paces (flows) and the locks an admin lists and clears are the same.
  const kioskGuard = stationKioskGuard(station.store, () => station.flows.settings(), station.clock);
  const requireDevice = (udid: string) => station.registry.get(udid) ?? fail('NOT_FOUND', `No device ${udid} on this station.`);

  return {
    'station.info': async () => ({
      version: cartwrightVersion(),
      dataDir: station.config.dataDir,
      usbmuxd: station.devices.usbmuxd(),
      identity: station.secrets.identitySummary(),
      mdm: { kind: station.mdmLink.kind() },
      autoStage: station.staging.autoStage(),
      kiosk: { badgeNeedsPin: station.flows.settings().kioskBadgeNeedsPin },
    }),
    'devices.list': async () => station.registry.list(),
    'devices.get': async ({ udid }) => {
      const device = requireDevice(udid);
      const profiles = station.registry.profiles(udid).map((p) => ({ identifier: p.identifier, displayName: p.displayName }));
      return { device, profiles, jobs: station.store.jobs.journal(udid, 20).map(jobView) };
    },
    'devices.pair': async ({ udids }) => ({
      results: await Promise.all(
        udids.map(async (udid) => {
          try {
            requireDevice(udid);
            await station.devices.pair(udid);
            return { udid, ok: true, error: null };
          } catch (e) {
            const info = errorInfo(e);
            return { udid, ok: false, error: info.message, code: info.code, remedy: info.remedy ?? null };
          }
        }),
      ),
    }),
    'devices.rename': async ({ udid, name }) => {
      // The CLI calls handlers without the API's zod parse: the same refusal, not a plist error later.
      if (hasControlCharacters(name)) fail('INVALID_INPUT', `The device name ${NO_CONTROL_MESSAGE}: type it again without them.`);
      requireDevice(udid);
      await station.devices.pair(udid);
      const result = await station.layer.rename(udid, name);
      station.audit('device.rename', udid, { name: result });
      await station.devices.refresh(udid);
      return { name: result };
    },
    'devices.restart': async ({ udid }) => {
      requireDevice(udid);
      await station.devices.pair(udid);
      const diag = await station.layer.diagnostics(udid);
      try {
        await diag.restart();
      } finally {
        await diag.close().catch(() => undefined);
      }
      station.audit('device.restart', udid);
      return { ok: true as const };
    },
    'devices.erase': async ({ udids }) => {
      const erased: string[] = [];
      for (const udid of udids) {
        requireDevice(udid);
        await station.devices.pair(udid);
        await station.layer.withMcInstall(udid, (mc) => mc.eraseDevice());
        station.audit('device.erase', udid);
        erased.push(udid);
      }
      return { erased };
    },
    'staging.start': async ({ udids, blueprint, user, keepIdentityForResume }) => {
      // Sealed before the batch exists: a station that cannot keep it refuses before any job is created.
      const keep = keepIdentityForResume ? station.secrets.keepForResume() : null;
      const started = station.staging.startBatch({ udids, blueprint, ...(user ? { user } : {}) });
      if (keep) {
        keep(started.batchId);
        station.audit('staging.keepIdentity', null, { batchId: started.batchId });
      }
      return { ...started, identityKept: keep !== null };
    },
    'staging.validate': async ({ udids, blueprint, user }) => {
      const problems = station.staging.validate({ udids, blueprint, ...(user ? { user } : {}) });
      return { ok: problems.length === 0, problems };
    },
    'staging.cancel': async ({ jobId }) => ({ cancelled: station.runner.cancel(jobId) }),
    'staging.retry': async ({ udid }) => station.staging.retry(udid),
    'staging.hold': async ({ batchId, hold }) => station.staging.hold(batchId, hold),
    'staging.cancelBatch': async ({ batchId }) => station.staging.cancelBatch(batchId),
    'staging.batch': async ({ batchId }) => batchProgress(station, batchId),
    'staging.autoStage': async ({ enabled, blueprint }) => station.staging.setAutoStage(enabled, blueprint),
    'blueprints.list': async () => station.store.blueprints.list().map((b) => ({ name: b.name, version: b.latestVersion, createdAt: b.updatedAt })),
    'blueprints.get': async ({ name, version }) => {
      const b = (version ? station.store.blueprints.get(name, version) : station.store.blueprints.latest(name)) ?? fail('NOT_FOUND', `No blueprint "${name}".`);
      return { name: b.name, version: b.version, body: b.body };
    },
    'blueprints.save': async ({ body }) => {
      const parsed = parseBlueprint(body);
      if (!parsed.ok) fail('INVALID_INPUT', `The blueprint is invalid: ${parsed.errors.join('; ')}`);
      else {
        const saved = station.staging.saveBlueprint(parsed.blueprint);
        station.audit('blueprint.save', null, { name: saved.name, version: saved.version, created: saved.created });
        return saved;
      }
      return fail('INTERNAL', 'unreachable');
    },
    'cart.get': async () => cartView(station),
    'cart.calibrate': async (input) => {
      if (input.action === 'start') station.cart.startCalibration(input.name, input.rows, input.columns);
      else if (input.action === 'skip') station.cart.skip();
      else if (input.action === 'finish') station.cart.finishCalibration();
      else {
        const ports = station.layer.watcher.list().map((d) => d.port);
        const grid = autoGridFor(new Set(ports.filter((p) => p.key !== 'unknown').map((p) => p.key)).size, input.rows, input.columns);
        station.cart.autoNumber(input.name ?? DEFAULT_LAYOUT_NAME, grid.rows, grid.columns, ports);
      }
      // Every screen hears the new layout (the `cart` event), not only the one that asked.
      station.devices.relocateAll();
      station.audit(`cart.calibrate.${input.action}`, null, input as never);
      return cartView(station);
    },
    'cart.renameLayout': async ({ from, to }) => {
      const name = from ?? station.cart.layout()?.name ?? fail('NOT_FOUND', 'There is no cart layout to rename yet: calibrate the cart first (cartwright slots calibrate --auto).');
      station.store.slots.renameLayout(name, to);
      station.devices.relocateAll();
      station.audit('cart.rename', null, { from: name, to });
      return cartView(station);
    },
    'audit.query': async (q) =>
      station.store.audit.query({
        ...(q.since ? { since: new Date(q.since) } : {}),
        ...(q.until ? { until: new Date(q.until) } : {}),
        ...(q.udid ? { udid: q.udid } : {}),
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.order ? { order: q.order } : {}),
        limit: q.limit,
      }),
    ...flowHandlers(station, kioskGuard),
    ...pickCancelHandler(station),
    ...stagingSettleHandler(station),
    ...cartLayoutHandlers(station),
    ...stagingResumeHandlers(station),
    ...auditVerifyHandler(station),
    ...mdmLookupHandlers(station),
    ...identityHandlers(station),
    ...enrollmentProfileHandlers(station),
    ...blueprintLibraryHandlers(station),
    ...adminHandlers(station, kioskGuard),
  };
}
