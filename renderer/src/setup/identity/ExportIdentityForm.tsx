import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Choice } from '../../common/Choice';
import { ErrorSentence } from '../../common/ErrorSentence';
import { useAction } from '../../common/use-action';
import { useTransport } from '../../store/client';
import { downloadP12 } from './p12-file';
import { P12PasswordFields, useNewP12Password } from './P12PasswordFields';

/** A copy of this station's identity as a .p12 under a new password (a backup, another station). */
export function ExportIdentityForm() {
  const transport = useTransport();
  const p12Password = useNewP12Password();
  const [encryption, setEncryption] = useState<'3des' | 'aes256'>('3des');
  const [exported, setExported] = useState(false);
  const exportP12 = useAction(async () => {
    const r = await transport.call('identity.export', { password: p12Password.password, encryption });
    downloadP12(r.identity.organization, r.pkcs12);
    p12Password.clear();
    setExported(true);
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
        <P12PasswordFields state={p12Password} passwordLabel="Password for the exported file" confirmLabel="Repeat the export password" />
        <Group justify="space-between" align="flex-end">
          <Choice
            label="Encryption"
            value={encryption}
            onChange={setEncryption}
            options={[
              { value: '3des', label: '3DES (opens everywhere)' },
              { value: 'aes256', label: 'AES-256' },
            ]}
          />
          <Button type="submit" variant="default" loading={exportP12.busy} disabled={!p12Password.ready}>
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
