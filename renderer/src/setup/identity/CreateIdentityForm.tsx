import { Alert, Button, Group, NumberInput, PasswordInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { CertificateView } from './identity-types';
import { ErrorSentence } from '../../common/ErrorSentence';
import { useAction } from '../../common/use-action';
import { useTransport } from '../../store/client';
import { downloadP12, p12PasswordProblem } from './p12-file';

/**
 * A new supervision identity: the station keeps it sealed and the page downloads it as a .p12
 * under the technician's password, the copy the organization must keep (another station, a
 * replacement computer, Apple Configurator all need it to manage these devices again).
 */
export function CreateIdentityForm({ replace = false, onDone }: { replace?: boolean; onDone: (identity: CertificateView) => void }) {
  const transport = useTransport();
  const [organization, setOrganization] = useState('');
  const [keyType, setKeyType] = useState<'rsa2048' | 'p256'>('rsa2048');
  const [years, setYears] = useState<number>(10);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const problem = p12PasswordProblem(password, confirm);
  const create = useAction(async () => {
    const r = await transport.call('identity.create', { organization, keyType, years, replace, pkcs12: { password } });
    downloadP12(r.identity.organization ?? organization, r.pkcs12);
    setPassword('');
    setConfirm('');
    onDone(r.identity);
  });
  return (
    <form
      aria-label="Create a supervision identity"
      onSubmit={(e) => {
        e.preventDefault();
        void create.run();
      }}
    >
      <Stack>
        <TextInput label="Organization name" description="Devices show it: “This iPhone is supervised and managed by …”" required value={organization} onChange={(e) => setOrganization(e.currentTarget.value)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div>
            <Text size="sm" fw={500} mb={4} id="cw-key-type">
              Key type
            </Text>
            <SegmentedControl
              aria-labelledby="cw-key-type"
              value={keyType}
              onChange={(v) => setKeyType(v as 'rsa2048' | 'p256')}
              data={[
                { value: 'rsa2048', label: 'RSA 2048-bit' },
                { value: 'p256', label: 'ECDSA P-256' },
              ]}
            />
            <Text size="xs" c="dimmed" mt={4}>
              RSA is what Apple Configurator creates; both work on every iPhone and iPad.
            </Text>
          </div>
          <NumberInput label="Valid for (years)" min={1} max={30} value={years} onChange={(v) => setYears(Number(v) || 1)} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <PasswordInput label="Password for the .p12 file" description="You need it to import the identity elsewhere" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <PasswordInput label="Repeat the password" required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={password && confirm ? (problem ?? undefined) : undefined} />
        </SimpleGrid>
        <Alert variant="light" color="blue">
          Creating downloads the identity as a .p12 file. Keep it and its password somewhere safe: without them no other station can manage these devices.
        </Alert>
        {create.error ? <ErrorSentence error={create.error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={create.busy} disabled={!organization.trim() || problem !== null || confirm !== password}>
            Create identity and download .p12
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
