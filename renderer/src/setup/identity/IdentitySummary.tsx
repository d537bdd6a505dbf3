import { Paper, Text, Title } from '@mantine/core';
import { Facts } from '../../admin/Facts';
import { fingerprintGroups, day } from '../../admin/admin-format';

/** The organization and the fingerprint a person compares with Apple Configurator or the MDM. */
export function IdentitySummary({ identity }: { identity: { organization: string | null; commonName?: string | null; fingerprintSha256: string; notAfter?: string } }) {
  return (
    <Paper withBorder p="lg" radius="md" aria-label="Supervision identity">
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        Supervising organization
      </Text>
      <Title order={3} mb="sm" data-testid="setup-identity-organization">
        {identity.organization ?? identity.commonName ?? 'Unnamed organization'}
      </Title>
      <Facts
        rows={[
          ['SHA-256 fingerprint', <span className="cw-mono cw-fingerprint" data-testid="setup-identity-fingerprint">{fingerprintGroups(identity.fingerprintSha256)}</span>],
          ...(identity.notAfter ? ([['Valid until', day(identity.notAfter)]] as [string, string][]) : []),
        ]}
      />
    </Paper>
  );
}
