import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { FlowName } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { AdvancedSection } from './AdvancedSection';
import { MultiSection } from './MultiSection';
import { PersonalDevices } from './PersonalDevices';
import { StandardSection } from './StandardSection';
import { FLOW_LABEL } from './flow-text';
import { useFlowStatus } from './use-flow-status';

const SUMMARY: Record<FlowName, string> = {
  'single-user-standard': 'One person per device, who signs in first',
  'single-user-advanced': 'One named person per device, handed over in person',
  'multi-user': 'Shared devices, checked out and in',
};

/** The three staging flows: stage for each, then follow the devices to their people. */
export function FlowsScreen() {
  const { statuses, error, reload } = useFlowStatus();
  const [flow, setFlow] = useState<FlowName>('single-user-standard');
  return (
    <Stack gap="md">
      <Title order={2}>Flows</Title>
      {error ? <ErrorSentence error={error} /> : null}
      <Tabs value={flow} onChange={(v) => v && setFlow(v as FlowName)} keepMounted={false} variant="outline">
        <Tabs.List mb="md">
          {(Object.keys(FLOW_LABEL) as FlowName[]).map((f) => (
            <Tabs.Tab key={f} value={f}>
              <Text fw={600} size="sm">
                {FLOW_LABEL[f]}
              </Text>
              <Text size="xs" c="dimmed">
                {SUMMARY[f]}
              </Text>
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="single-user-standard">
          <StandardSection statuses={statuses} reload={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="single-user-advanced">
          <AdvancedSection statuses={statuses} reload={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="multi-user">
          <MultiSection reload={reload} />
        </Tabs.Panel>
      </Tabs>
      <PersonalDevices statuses={statuses} onChanged={reload} />
    </Stack>
  );
}
