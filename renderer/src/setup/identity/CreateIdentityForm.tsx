import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { CertificateView } from './identity-types';
import { Choice } from '../../common/Choice';
import { ErrorSentence } from '../../common/ErrorSentence';
import { useAction } from '../../common/use-action';
import { useTransport } from '../../store/client';
import { downloadP12 } from './p12-file';
import { P12PasswordFields, useNewP12Password } from './P12PasswordFields';

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
  const p12Password = useNewP12Password();
  const create = useAction(async () => {
    const r = await transport.call('identity.create', { organization, keyType, years, replace, pkcs12: { password: p12Password.password } });
    downloadP12(r.identity.organization ?? organization, r.pkcs12);
    p12Password.clear();
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
            <Choice
              label="Key type"
              value={keyType}
              onChange={setKeyType}
              options={[
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
        <P12PasswordFields state={p12Password} passwordLabel="Password for the .p12 file" confirmLabel="Repeat the password" description="You need it to import the identity elsewhere" />
        <Alert variant="light" color="blue">
          Creating downloads the identity as a .p12 file. Keep it and its password somewhere safe: without them no other station can manage these devices.
        </Alert>
        {create.error ? <ErrorSentence error={create.error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={create.busy} disabled={!organization.trim() || !p12Password.ready}>
            Create identity and download .p12
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
