import { day, fingerprintGroups } from '../../admin/admin-format';
import { SummaryCard } from '../../admin/SummaryCard';

/** The organization and the fingerprint a person compares with Apple Configurator or the MDM. */
export function IdentitySummary({ identity }: { identity: { organization: string | null; commonName?: string | null; fingerprintSha256: string; notAfter?: string } }) {
  return (
    <SummaryCard
      label="Supervision identity"
      kicker="Supervising organization"
      title={identity.organization ?? identity.commonName ?? 'Unnamed organization'}
      titleTestId="setup-identity-organization"
      facts={[
        ['SHA-256 fingerprint', <span className="cw-mono cw-fingerprint" data-testid="setup-identity-fingerprint">{fingerprintGroups(identity.fingerprintSha256)}</span>],
        ...(identity.notAfter ? ([['Valid until', day(identity.notAfter)]] as [string, string][]) : []),
      ]}
    />
  );
}
