import { Alert, Button, Group, PasswordInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { MdmConfigView } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { configureInput, type Fields, type Kind } from './mdm-form';

/**
 * Chooses the MDM and stores its credentials. Secrets are sealed by the station and never shown
 * again, so they are asked for every time the configuration is saved.
 */
export function MdmConfigureForm({ current, onSaved }: { current: MdmConfigView | null; onSaved: () => Promise<void> }) {
  const transport = useTransport();
  // Configure on a local station means "connect a remote MDM": Workspace ONE is the likely one.
  const [kind, setKind] = useState<Kind>(current && current.kind !== 'local' ? current.kind : 'workspace-one');
  const [auth, setAuth] = useState<'basic' | 'oauth'>(current?.authMethod ?? 'basic');
  const [f, setF] = useState<Fields>({
    url: current?.kind === 'workspace-one' ? (current.url ?? '') : '',
    og: current?.kind === 'workspace-one' ? (current.group ?? '') : '',
    stagingUser: current?.stagingUser ?? '',
    username: current?.authMethod === 'basic' ? (current.account ?? '') : '',
    clientId: current?.authMethod === 'oauth' ? (current.account ?? '') : '',
    network: current?.kind === 'meraki' ? (current.group ?? '') : '',
    merakiUrl: current?.kind === 'meraki' ? (current.url ?? '') : '',
    password: '',
    tenantCode: '',
    clientSecret: '',
    tokenUrl: '',
    apiKey: '',
  });
  const save = useAction(async () => {
    await transport.call('mdm.configure', configureInput(kind, auth, f));
    // The secrets leave the page as soon as the station holds them.
    setF((now) => ({ ...now, password: '', tenantCode: '', clientSecret: '', apiKey: '' }));
    await onSaved();
  });
  const field = (key: keyof Fields) => ({ value: f[key], onChange: (e: { currentTarget: { value: string } }) => setF({ ...f, [key]: e.currentTarget.value }) });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <Stack>
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as Kind)}
          data={[
            { value: 'workspace-one', label: 'Workspace ONE' },
            { value: 'meraki', label: 'Meraki' },
            { value: 'local', label: 'Local directory' },
          ]}
        />
        {kind === 'workspace-one' ? (
          <>
            <TextInput label="API server" placeholder="https://as1234.awmdm.com" required {...field('url')} />
            <SimpleGrid cols={2}>
              <TextInput label="Organization group (Group ID)" {...field('og')} />
              <TextInput label="Staging user" description="Multi User check-in returns devices to it" {...field('stagingUser')} />
            </SimpleGrid>
            <SegmentedControl
              value={auth}
              onChange={(v) => setAuth(v as 'basic' | 'oauth')}
              data={[
                { value: 'basic', label: 'Basic + API key' },
                { value: 'oauth', label: 'OAuth client' },
              ]}
            />
            {auth === 'basic' ? (
              <SimpleGrid cols={2}>
                <TextInput label="API username" required {...field('username')} />
                <PasswordInput label="Password" required {...field('password')} />
              </SimpleGrid>
            ) : (
              <SimpleGrid cols={2}>
                <TextInput label="Client ID" required {...field('clientId')} />
                <PasswordInput label="Client secret" required {...field('clientSecret')} />
                <TextInput label="Token URL" placeholder="https://na.uemauth.workspaceone.com/connect/token" required {...field('tokenUrl')} />
              </SimpleGrid>
            )}
            <PasswordInput label="Tenant code (REST API key)" required={auth === 'basic'} {...field('tenantCode')} />
          </>
        ) : kind === 'meraki' ? (
          <>
            <PasswordInput label="Dashboard API key" required {...field('apiKey')} />
            <SimpleGrid cols={2}>
              <TextInput label="Systems Manager network ID" placeholder="N_1234" required {...field('network')} />
              <TextInput label="API base (optional)" placeholder="https://api.meraki.com/api/v1" {...field('merakiUrl')} />
            </SimpleGrid>
          </>
        ) : (
          <Text size="sm">Users come from this station’s own directory (Admin › Users); nothing is sent to a remote MDM.</Text>
        )}
        {kind !== 'local' ? (
          <Alert variant="light" color="gray">
            Credentials are sealed on this station and never shown again; enter them each time you save.
          </Alert>
        ) : null}
        {save.error ? <ErrorSentence error={save.error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.busy} data-testid="mdm-save">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
