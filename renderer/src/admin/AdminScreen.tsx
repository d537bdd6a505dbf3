import { Stack, Tabs, Title } from '@mantine/core';
import { navigate, type AdminTab } from '../nav/route';
import { AuditLog } from './AuditLog';
import { BlueprintEditor } from './BlueprintEditor';
import { CalibrationWizard } from './CalibrationWizard';
import { SettingsPanel } from './SettingsPanel';

export function AdminScreen({ tab }: { tab: AdminTab }) {
  return (
    <Stack>
      <Title order={2}>Admin</Title>
      <Tabs value={tab} onChange={(t) => t && navigate({ screen: 'admin', tab: t as AdminTab })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="audit">Audit log</Tabs.Tab>
          <Tabs.Tab value="blueprints">Blueprints</Tabs.Tab>
          <Tabs.Tab value="calibration">Slot calibration</Tabs.Tab>
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="audit">
          <AuditLog />
        </Tabs.Panel>
        <Tabs.Panel value="blueprints">
          <BlueprintEditor />
        </Tabs.Panel>
        <Tabs.Panel value="calibration">
          <CalibrationWizard />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <SettingsPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
