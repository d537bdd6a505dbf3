import type { EnrollmentProfileCommandName } from '../api/enrollment-profile.js';
import type { StationHandlers } from '../api/station-handlers.js';
import { checkEnrollmentProfile, EnrollmentProfileStore, fetchEnrollmentProfile, inspectProfile, type EnrollmentProfile, type EnrollmentSource } from '../profiles/index.js';
import { asIdentityWork } from './identity-errors.js';
import type { StationServices } from './services.js';

/**
 * The enrollment profile the blueprints install (`stored`), kept in the station's data directory by
 * the profiles layer's store, the one staging reads (runner-wiring.ts). The host read the bytes, or
 * the station fetches the enrollment URL itself (the screens' page may not fetch other origins);
 * either way the station checks them (an MDM payload, a valid profile) before keeping them.
 */
export function enrollmentProfileHandlers(
  station: Pick<StationServices, 'config' | 'audit'>,
  fetching: { timeoutMs: number } = { timeoutMs: 20_000 },
): Pick<StationHandlers, EnrollmentProfileCommandName> {
  const store = () => new EnrollmentProfileStore(station.config.dataDir);
  const keep = (checked: EnrollmentProfile, source: EnrollmentSource) => {
    const target = store();
    const metadata = target.save(checked, source);
    station.audit('enrollmentProfile.import', null, { source: source.kind, sha256: metadata.sha256, serverUrl: metadata.serverUrl });
    return { path: target.profilePath, metadata, inspection: checked.inspection };
  };
  return {
    'enrollmentProfile.import': async ({ profile, source }) => asIdentityWork(() => keep(checkEnrollmentProfile(Buffer.from(profile, 'base64')), source)),
    'enrollmentProfile.fetch': async ({ url }) =>
      asIdentityWork(async () => keep(await fetchEnrollmentProfile(url, { allowHttpWithoutCredentials: true, timeoutMs: fetching.timeoutMs }), { kind: 'url', url })),
    'enrollmentProfile.show': async () =>
      asIdentityWork(() => {
        const target = store();
        const { bytes, metadata } = target.load();
        return { path: target.profilePath, metadata, inspection: inspectProfile(bytes) };
      }),
  };
}
