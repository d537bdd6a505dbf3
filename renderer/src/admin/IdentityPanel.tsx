import { Alert, Badge, Button, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { HostedOutput } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { ExportIdentityForm } from '../setup/identity/ExportIdentityForm';
import { IdentityChooser } from '../setup/identity/IdentityChooser';
import { useTransport } from '../store/client';
import { day, fingerprintGroups, keyTypeLabel, when } from './admin-format';
import { SummaryCard } from './SummaryCard';

type Shown = HostedOutput<'identity.show'>;

/** How long before the end of validity the screen starts warning. */
const WARN_DAYS = 90;

/**
 * Admin › Supervision identity: the organization devices are supervised by. Only the certificate
 * is read; the private key stays sealed, and leaves only as a password-protected .p12 export.
 * Create, import and export are the setup wizard's own forms.
 */
export function IdentityPanel() {
  const transport = useTransport();
  const [shown, setShown] = useState<Shown | null>(null);
  const [replacing, setReplacing] = useState(false);
  const load = useAction(async () => setShown(await transport.call('identity.show', {})));
  const { run } = load;
  useEffect(() => {
    void run();
  }, [run]);

  if (load.error) return <ErrorSentence error={load.error} />;
  if (!shown) return <Loader />;
  const id = shown.identity;
  if (!id) {
    return (
      <Stack maw={920}>
        <Alert color="yellow" variant="light" title="This station has no supervision identity yet">
          Blueprints that supervise devices need one. Create it once per organization and keep the .p12 safe, or import the identity your organization already uses (Apple Configurator exports it).
        </Alert>
        <Paper withBorder p="lg" radius="md">
          <IdentityChooser onDone={() => void run()} />
        </Paper>
      </Stack>
    );
  }
  const daysLeft = Math.floor((Date.parse(id.notAfter) - Date.now()) / 86_400_000);
  const validity = id.expired ? (
    <Badge color="red">Expired</Badge>
  ) : id.notYetValid ? (
    <Badge color="orange">Not valid yet</Badge>
  ) : daysLeft < WARN_DAYS ? (
    <Badge color="yellow">Expires in {daysLeft} days</Badge>
  ) : (
    <Badge color="green" variant="light">
      Valid
    </Badge>
  );
  return (
    <Stack maw={920}>
      <SummaryCard
        label="Supervision identity"
        kicker="Supervising organization"
        title={id.organization ?? id.commonName ?? 'Unnamed organization'}
        titleTestId="identity-organization"
        titleOrder={2}
        badge={validity}
        facts={[
          ['SHA-256 fingerprint', <span className="cw-mono cw-fingerprint" data-testid="identity-fingerprint">{fingerprintGroups(id.fingerprintSha256)}</span>],
          ['Valid', `${day(id.notBefore)} – ${day(id.notAfter)}`],
          ['Key type', keyTypeLabel(id.keyType)],
          ['Subject', <span className="cw-mono">{id.subject}</span>],
          ['Issuer', id.selfSigned ? 'Self-signed (the organization’s own)' : <span className="cw-mono">{id.issuer}</span>],
          ['Serial number', <span className="cw-mono">{id.serialNumber}</span>],
          ['Stored on this station', shown.source === 'stored' ? when(id.savedAt) : 'Given as a .p12 file when the station started'],
        ]}
      />
      <Paper withBorder p="lg" radius="md">
        <Title order={4}>Export a copy</Title>
        <Text size="sm" c="dimmed" mb="sm">
          A .p12 backup, or the same identity for another station or Apple Configurator.
        </Text>
        <ExportIdentityForm />
      </Paper>
      <Alert color="gray" variant="light" title="Devices only accept the identity that supervised them">
        Compare the fingerprint with Apple Configurator or your MDM before replacing it: a station with another identity can no longer pair with devices this one supervised.
        {replacing ? null : (
          <Button variant="default" color="red" mt="sm" display="block" onClick={() => setReplacing(true)}>
            Replace the identity…
          </Button>
        )}
      </Alert>
      {replacing ? (
        <Paper withBorder p="lg" radius="md" aria-label="Replace the supervision identity">
          <Title order={4} mb="sm">
            Replace the identity
          </Title>
          <IdentityChooser
            replace
            onDone={() => {
              setReplacing(false);
              void run();
            }}
          />
          <Button variant="subtle" mt="sm" onClick={() => setReplacing(false)}>
            Keep the current identity
          </Button>
        </Paper>
      ) : null}
    </Stack>
  );
}
