import { Alert, Anchor, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { MdmConfigView } from '../../../electron/api/index.js';
import { MDM_NAME } from '../admin/admin-format';
import { MdmConfigureForm } from '../admin/MdmConfigureForm';
import { routeHref } from '../nav/route';

/** Step 4 (optional): the station works with its own directory; a remote MDM can be connected now or later. */
export function MdmStep({ mdm, onKeepLocal, onChanged }: { mdm: MdmConfigView | null; onKeepLocal: () => void; onChanged: () => Promise<void> }) {
  const [connecting, setConnecting] = useState(false);
  if (mdm && mdm.kind !== 'local') {
    return (
      <Alert color="green" variant="light" title={`Connected to ${MDM_NAME[mdm.kind]}`}>
        {mdm.url ?? ''} Test the connection and watch its outbox in <Anchor href={routeHref({ screen: 'admin', tab: 'mdm' })}>Admin › MDM connection</Anchor>.
      </Alert>
    );
  }
  return (
    <Stack>
      <Text>
        Without a remote MDM the station keeps its own directory of users (Admin › Users) and assignments. Connect Workspace ONE or Meraki when devices should be registered there too; it can be done any time in Admin.
      </Text>
      {connecting ? (
        <Paper withBorder p="lg" radius="md">
          <MdmConfigureForm current={mdm} onSaved={onChanged} />
          <Button variant="subtle" mt="sm" onClick={() => setConnecting(false)}>
            Keep the local directory instead
          </Button>
        </Paper>
      ) : (
        <Group>
          <Button onClick={onKeepLocal}>Keep the local directory</Button>
          <Button variant="default" onClick={() => setConnecting(true)}>
            Connect a remote MDM…
          </Button>
        </Group>
      )}
    </Stack>
  );
}
