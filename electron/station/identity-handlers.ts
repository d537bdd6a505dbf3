import type { IdentityCommandName } from '../api/identity.js';
import type { StationHandlers } from '../api/station-handlers.js';
import { createSupervisionIdentity, identityFromPkcs12, identityToPkcs12, signProfile, summarizeIdentity, type SupervisionIdentity } from '../profiles/index.js';
import { asIdentityWork } from './identity-errors.js';
import type { StationServices } from './services.js';

/**
 * The supervision identity over the station's secrets (station-secrets.ts): checked, created,
 * imported, exported, used to sign a profile. Each change is audited by what identifies it (the
 * fingerprint), never a password. Failures carry a host code, and the profiles layer's own code as
 * their cause (identity-errors.ts).
 */
export function identityHandlers(station: Pick<StationServices, 'secrets' | 'audit'>): Pick<StationHandlers, IdentityCommandName> {
  const { secrets } = station;
  const keep = (identity: SupervisionIdentity, replace: boolean, origin: 'created' | 'imported') => {
    const { path } = secrets.storeIdentity(identity, replace);
    const view = summarizeIdentity(identity);
    station.audit('identity.store', null, { fingerprint: view.fingerprintSha256, replace, origin });
    return { identity: view, path };
  };

  return {
    'identity.check': async () => {
      const problem = secrets.identityProblem();
      return { usable: problem === null, problem, identity: secrets.identitySummary() };
    },
    'identity.create': async ({ organization, keyType, years, replace, pkcs12 }) =>
      asIdentityWork(async () => {
        const created = await createSupervisionIdentity({ organization, keyType, years });
        // The file to keep is built before the identity is stored: a station never holds a key its admin has no copy of.
        const file = identityToPkcs12(created, { password: pkcs12.password, encryption: pkcs12.encryption });
        return { ...keep(created, replace, 'created'), pkcs12: file.toString('base64') };
      }),
    'identity.import': async ({ pkcs12, password, replace }) => asIdentityWork(() => keep(identityFromPkcs12(Buffer.from(pkcs12, 'base64'), password), replace, 'imported')),
    'identity.export': async ({ password, encryption }) =>
      asIdentityWork(() => {
        const identity = secrets.fullIdentity();
        const view = summarizeIdentity(identity);
        const file = identityToPkcs12(identity, { password, encryption });
        // The private key left the station (under a password): worth a line in the log.
        station.audit('identity.export', null, { fingerprint: view.fingerprintSha256, encryption });
        return { identity: view, pkcs12: file.toString('base64') };
      }),
    'profiles.sign': async ({ profile }) =>
      asIdentityWork(() => {
        const identity = secrets.fullIdentity();
        const signed = signProfile(Buffer.from(profile, 'base64'), identity);
        station.audit('profile.sign', null, { fingerprint: summarizeIdentity(identity).fingerprintSha256, bytes: signed.length });
        return { signed: signed.toString('base64') };
      }),
  };
}
