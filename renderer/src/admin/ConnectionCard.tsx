import { Alert, Badge, Button, Group, List, Modal, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useState } from 'react';
import type { ConnectionReportView, MdmStatus } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { MDM_NAME, when } from './admin-format';
import { Facts } from './Facts';
import { MdmConfigureForm } from './MdmConfigureForm';

/** The MDM this station reports to, with the Test button and (in a dialog) its configuration. */
export function ConnectionCard({ status, onChanged }: { status: MdmStatus | null; onChanged: () => Promise<void> }) {
  const transport = useTransport();
  const [report, setReport] = useState<ConnectionReportView | null>(null);
  const [configuring, setConfiguring] = useState(false);
  const test = useAction(async () => {
    setReport(null);
    setReport(await transport.call('mdm.test', {}));
  });
  const c = status?.config;
  const remote = c && c.kind !== 'local';
  return (
    <Paper withBorder p="lg" radius="md" h="100%">
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={4}>MDM connection</Title>
          <Text size="sm" c="dimmed">
            Where check-outs, registrations and staging reports are sent.
          </Text>
        </div>
        {c ? (
          <Badge size="lg" variant="light" color={remote ? 'indigo' : 'gray'} data-testid="mdm-kind" data-kind={c.kind}>
            {MDM_NAME[c.kind]}
          </Badge>
        ) : null}
      </Group>
      {c && remote ? (
        <Facts
          rows={[
            ['Server', <span className="cw-mono">{c.url ?? '—'}</span>],
            [c.kind === 'meraki' ? 'Network' : 'Organization group', c.group],
            ...(c.kind === 'workspace-one' ? ([['Staging user', c.stagingUser]] as [string, string | null][]) : []),
            ...(c.account ? ([[c.authMethod === 'oauth' ? 'OAuth client' : 'API account', c.account]] as [string, string][]) : []),
            ['Credentials', c.credentialsStored ? <Badge color="teal" variant="light">Stored, sealed</Badge> : <Badge color="orange">Missing</Badge>],
          ]}
        />
      ) : c ? (
        <Text size="sm">Check-outs and users stay on this station. Configure Workspace ONE or Meraki to keep a remote MDM in step.</Text>
      ) : null}
      <Group mt="md">
        <Button onClick={() => void test.run()} loading={test.busy} data-testid="mdm-test">
          Test connection
        </Button>
        <Button variant="default" onClick={() => setConfiguring(true)}>
          Configure…
        </Button>
      </Group>
      {test.error ? (
        <Stack mt="md">
          <ErrorSentence error={test.error} />
        </Stack>
      ) : null}
      {report ? <TestResult report={report} /> : null}
      <Modal opened={configuring} onClose={() => setConfiguring(false)} title="Configure the MDM" size="lg">
        <MdmConfigureForm
          current={c ?? null}
          onSaved={async () => {
            setConfiguring(false);
            setReport(null);
            await onChanged();
          }}
        />
      </Modal>
    </Paper>
  );
}

function TestResult({ report }: { report: ConnectionReportView }) {
  return (
    <Alert mt="md" variant="light" color={report.ok ? 'green' : 'red'} title={report.ok ? 'Connected: every check passed' : 'The connection has a problem'} data-testid="mdm-test-result" data-ok={report.ok}>
      <List spacing={6} size="sm" center>
        {report.checks.map((check) => (
          <List.Item
            key={check.name}
            icon={
              <ThemeIcon size={20} radius="xl" color={check.ok ? 'green' : 'red'} aria-label={check.ok ? 'passed' : 'failed'}>
                <Text size="xs" fw={700} c="white">
                  {check.ok ? '✓' : '!'}
                </Text>
              </ThemeIcon>
            }
          >
            <Text span fw={600}>
              {check.name.charAt(0).toUpperCase() + check.name.slice(1)}
            </Text>
            <Text span c="dimmed">
              {' '}
              — {check.detail}
            </Text>
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt="xs">
        Checked {when(report.checkedAt)}
      </Text>
    </Alert>
  );
}
