import { Button, Group, PasswordInput, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../../common/ErrorSentence';
import { useAction } from '../../common/use-action';
import { useTransport } from '../../store/client';
import { downloadP12, p12PasswordProblem } from './p12-file';

/** A copy of this station's identity as a .p12 under a new password (a backup, another station). */
export function ExportIdentityForm() {
  const transport = useTransport();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [encryption, setEncryption] = useState<'3des' | 'aes256'>('3des');
  const [exported, setExported] = useState<string | null>(null);
  const problem = p12PasswordProblem(password, confirm);
  const exportP12 = useAction(async () => {
    const r = await transport.call('identity.export', { password, encryption });
    downloadP12(r.identity.organization, r.pkcs12);
    setPassword('');
    setConfirm('');
    setExported(r.identity.organization ?? 'The identity');
  });
  return (
    <form
      aria-label="Export the supervision identity"
      onSubmit={(e) => {
        e.preventDefault();
        void exportP12.run();
      }}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <PasswordInput label="Password for the exported file" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <PasswordInput label="Repeat the export password" required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={password && confirm ? (problem ?? undefined) : undefined} />
        </SimpleGrid>
        <Group justify="space-between" align="flex-end">
          <div>
            <Text size="sm" fw={500} mb={4} id="cw-p12-encryption">
              Encryption
            </Text>
            <SegmentedControl
              aria-labelledby="cw-p12-encryption"
              value={encryption}
              onChange={(v) => setEncryption(v as '3des' | 'aes256')}
              data={[
                { value: '3des', label: '3DES (opens everywhere)' },
                { value: 'aes256', label: 'AES-256' },
              ]}
            />
          </div>
          <Button type="submit" variant="default" loading={exportP12.busy} disabled={problem !== null || confirm !== password}>
            Export .p12
          </Button>
        </Group>
        {exported ? (
          <Text size="sm" c="green" role="status">
            Exported. Keep the file and its password safe.
          </Text>
        ) : null}
        {exportP12.error ? <ErrorSentence error={exportP12.error} /> : null}
      </Stack>
    </form>
  );
}
