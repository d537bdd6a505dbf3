import { Badge, List, Text } from '@mantine/core';
import type { HostedOutput } from '../../../../electron/api/index.js';
import { when } from '../../admin/admin-format';
import { SummaryCard } from '../../admin/SummaryCard';

export type StoredEnrollmentProfile = HostedOutput<'enrollmentProfile.show'>;

function signedBy(inspection: StoredEnrollmentProfile['inspection']): React.ReactNode {
  if (!inspection.signed) return <Badge color="gray" variant="light">Not signed</Badge>;
  const signer = inspection.signer;
  const name = signer?.organization ?? signer?.commonName ?? signer?.subject ?? 'an unknown signer';
  return (
    <>
      <Badge color={signer?.verified ? 'green' : 'yellow'} variant="light" mr="xs">
        {signer?.verified ? 'Signed' : 'Signed, not verified'}
      </Badge>
      by {name}
    </>
  );
}

/** What the stored enrollment profile holds, as the station inspected it: server, topic, signature, problems. */
export function EnrollmentSummary({ stored }: { stored: StoredEnrollmentProfile }) {
  const { metadata, inspection } = stored;
  const problems = inspection.issues;
  return (
    <SummaryCard
      label="Enrollment profile"
      kicker="Enrollment profile"
      title={inspection.displayName ?? inspection.identifier ?? 'Unnamed profile'}
      titleTestId="enrollment-display-name"
      facts={[
        ['MDM server', <span className="cw-mono" data-testid="enrollment-server-url">{inspection.mdm?.serverUrl ?? '—'}</span>],
        ['Topic', <span className="cw-mono">{inspection.mdm?.topic ?? '—'}</span>],
        ['Signature', signedBy(inspection)],
        ['Organization', inspection.organization],
        ['From', metadata.source.kind === 'url' ? <span className="cw-mono">{metadata.source.url}</span> : `File ${metadata.source.path}`],
        ['Stored', when(metadata.importedAt)],
      ]}
    >
      {problems.length ? (
        <>
          <Text size="sm" fw={600} mt="sm" c="orange">
            {problems.length === 1 ? 'One thing to check' : `${problems.length} things to check`}
          </Text>
          <List size="sm" data-testid="enrollment-problems">
            {problems.map((p) => (
              <List.Item key={`${p.path}:${p.message}`}>{p.path === 'signature' ? `Signature: ${p.message}` : `${p.path} ${p.message}`}</List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm" c="dimmed" mt="sm">
          No problems found.
        </Text>
      )}
    </SummaryCard>
  );
}
