import { Button, FileButton, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { CertificateView } from './identity-types';
import { fileToBase64 } from '../../blueprints/file-bytes';
import { ErrorSentence } from '../../common/ErrorSentence';
import { useAction } from '../../common/use-action';
import { useTransport } from '../../store/client';

/** The same bound as the command's (base64 of about 750 KB): a .p12 is a few KB. */
const MAX_P12_BYTES = 700_000;

/**
 * The identity the organization already uses (exported from Apple Configurator or another
 * station). A wrong password keeps the chosen file and says so; nothing on the station changes.
 */
export function ImportIdentityForm({ replace = false, onDone }: { replace?: boolean; onDone: (identity: CertificateView) => void }) {
  const transport = useTransport();
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const [password, setPassword] = useState('');
  const importP12 = useAction(async () => {
    if (!file) return;
    const r = await transport.call('identity.import', { pkcs12: await fileToBase64(file), password, replace });
    setPassword('');
    onDone(r.identity);
  });
  const choose = (f: File | null) => {
    importP12.reset();
    setTooLarge(f !== null && f.size > MAX_P12_BYTES);
    setFile(f);
  };
  return (
    <form
      aria-label="Import a supervision identity"
      onSubmit={(e) => {
        e.preventDefault();
        void importP12.run();
      }}
    >
      <Stack>
        <Group>
          <FileButton onChange={choose} accept=".p12,.pfx,application/x-pkcs12">
            {(props) => (
              <Button variant="default" {...props}>
                Choose the .p12 file…
              </Button>
            )}
          </FileButton>
          <Text size="sm" c={file ? undefined : 'dimmed'} data-testid="p12-file-name">
            {file ? file.name : 'No file chosen'}
          </Text>
        </Group>
        {tooLarge ? (
          <Text size="sm" c="red">
            {file?.name} is larger than a .p12 identity can be; choose the file Apple Configurator or Cartwright exported.
          </Text>
        ) : null}
        <PasswordInput label="Password of the .p12 file" value={password} onChange={(e) => setPassword(e.currentTarget.value)} maw={420} />
        {importP12.error ? <ErrorSentence error={importP12.error} title="The identity was not imported" /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={importP12.busy} disabled={!file || tooLarge}>
            Import identity
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
