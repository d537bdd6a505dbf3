import { Alert, Button, FileButton, Group, List, Paper, ScrollArea, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';

const EXAMPLE = 'id,name,email,badge,pin,groups\ne1042,Ana Ruiz,ana@example.org,4001,2468,staff;lab';
/** Same bound as the command's: a directory CSV is kilobytes, a mistaken file can be anything. */
const MAX_BYTES = 900_000;

/** A directory CSV, chosen or pasted; all or nothing, every bad line listed. */
export function UsersImport({ onImported }: { onImported: () => void }) {
  const transport = useTransport();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<{ imported: number; withPin: number; errors: string[] } | null>(null);
  const importCsv = useAction(async () => {
    const r = await transport.call('users.import', { csv, ...(fileName ? { fileName } : {}) });
    setResult(r);
    if (r.imported > 0) {
      setCsv('');
      setFileName(null);
      onImported();
    }
  });
  const choose = async (file: File | null) => {
    if (!file) return;
    setResult(null);
    if (file.size > MAX_BYTES) {
      setResult({ imported: 0, withPin: 0, errors: [`${file.name} is larger than 900 KB: split it, or check that it is the directory CSV.`] });
      return;
    }
    setFileName(file.name);
    setCsv(await file.text());
  };
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={4}>Import a CSV</Title>
      <Text size="sm" c="dimmed" mb="sm">
        Columns: id, name, username, email, badge, pin (or pin_hash), groups. If any line has a problem, nothing is imported.
      </Text>
      <Stack gap="sm">
        <Group>
          <FileButton onChange={(f) => void choose(f)} accept=".csv,text/csv,text/plain">
            {(props) => (
              <Button variant="default" {...props}>
                Choose a file…
              </Button>
            )}
          </FileButton>
          {fileName ? <Text size="sm">{fileName}</Text> : null}
        </Group>
        <Textarea
          label="Or paste it here"
          placeholder={EXAMPLE}
          autosize
          minRows={4}
          maxRows={10}
          classNames={{ input: 'cw-mono' }}
          value={csv}
          onChange={(e) => {
            setResult(null);
            setFileName(null);
            setCsv(e.currentTarget.value);
          }}
          data-testid="users-csv"
        />
        {importCsv.error ? <ErrorSentence error={importCsv.error} /> : null}
        {result && result.errors.length ? (
          <Alert color="red" variant="light" title={`Nothing was imported: ${result.errors.length} ${result.errors.length === 1 ? 'problem' : 'problems'} to fix`} data-testid="import-errors">
            <ScrollArea.Autosize mah={200}>
              <List size="sm" spacing={2}>
                {result.errors.map((e) => (
                  <List.Item key={e}>{e}</List.Item>
                ))}
              </List>
            </ScrollArea.Autosize>
            <Text size="sm" fw={500} mt="xs">
              Correct those lines and import the file again.
            </Text>
          </Alert>
        ) : null}
        {result && result.imported > 0 ? (
          <Alert color="green" variant="light" data-testid="import-done">
            Imported {result.imported} {result.imported === 1 ? 'person' : 'people'}
            {result.withPin ? `, ${result.withPin} with a kiosk PIN` : ''}.
          </Alert>
        ) : null}
        <Button onClick={() => void importCsv.run()} loading={importCsv.busy} disabled={!csv.trim()} data-testid="users-import">
          Import
        </Button>
      </Stack>
    </Paper>
  );
}
