import type { EnrollmentProfileCommandName } from '../api/enrollment-profile.js';
import type { StationHandlers } from '../api/station-handlers.js';
import { checkEnrollmentProfile, EnrollmentProfileStore, inspectProfile } from '../profiles/index.js';
import { asIdentityWork } from './identity-errors.js';
import type { StationServices } from './services.js';

/**
 * The enrollment profile the blueprints install (`stored`), kept in the station's data directory by
 * the profiles layer's store, the one staging reads (runner-wiring.ts). The host fetched or read the
 * bytes; the station checks them (an MDM payload, a valid profile) before keeping them.
 */
export function enrollmentProfileHandlers(station: Pick<StationServices, 'config' | 'audit'>): Pick<StationHandlers, EnrollmentProfileCommandName> {
  const store = () => new EnrollmentProfileStore(station.config.dataDir);
  return {
    'enrollmentProfile.import': async ({ profile, source }) =>
      asIdentityWork(() => {
        const checked = checkEnrollmentProfile(Buffer.from(profile, 'base64'));
        const target = store();
        const metadata = target.save(checked, source);
        station.audit('enrollmentProfile.import', null, { source: source.kind, sha256: metadata.sha256, serverUrl: metadata.serverUrl });
        return { path: target.profilePath, metadata, inspection: checked.inspection };
      }),
    'enrollmentProfile.show': async () =>
      asIdentityWork(() => {
        const target = store();
        const { bytes, metadata } = target.load();
        return { path: target.profilePath, metadata, inspection: inspectProfile(bytes) };
      }),
  };
}
