import { Stack, Text, Title } from '@mantine/core';
import { ExportIdentityForm } from './identity/ExportIdentityForm';
import { IdentityChooser } from './identity/IdentityChooser';
import { IdentitySummary } from './identity/IdentitySummary';
import type { SetupFacts } from './setup-steps';

/** Step 1: the organization the devices will be supervised by, created here or imported. */
export function IdentityStep({ identity, onChanged }: { identity: SetupFacts['identity']; onChanged: () => Promise<void> }) {
  if (identity) {
    return (
      <Stack>
        <IdentitySummary identity={{ organization: identity.organization, fingerprintSha256: identity.fingerprint }} />
        <Title order={5}>Export a copy</Title>
        <Text size="sm" c="dimmed">
          A backup, or the same identity for another station: devices only trust the identity that supervised them.
        </Text>
        <ExportIdentityForm />
      </Stack>
    );
  }
  return (
    <Stack>
      <Text>
        Devices are supervised by your organization’s identity: a certificate and its key. Create one if this is your first station, or import the .p12 file your organization already uses (Apple Configurator exports it).
      </Text>
      <IdentityChooser onDone={() => void onChanged()} />
    </Stack>
  );
}
