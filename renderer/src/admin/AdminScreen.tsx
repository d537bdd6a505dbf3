import { Stack, Tabs, Title } from '@mantine/core';
import { navigate, type AdminTab } from '../nav/route';
import './admin.css';
import { AuditLog } from './AuditLog';
import { BlueprintsPanel } from '../blueprints/BlueprintsPanel';
import { CalibrationWizard } from './CalibrationWizard';
import { EnrollmentProfilePanel } from './EnrollmentProfilePanel';
import { IdentityPanel } from './IdentityPanel';
import { MdmPanel } from './MdmPanel';
import { SettingsPanel } from './SettingsPanel';
import { SharedDevicesPanel } from '../flows/SharedDevicesPanel';
import { UsersPanel } from './UsersPanel';

const TABS: { value: AdminTab; label: string; panel: () => React.JSX.Element }[] = [
  { value: 'mdm', label: 'MDM connection', panel: MdmPanel },
  { value: 'identity', label: 'Supervision identity', panel: IdentityPanel },
  { value: 'enrollment', label: 'Enrollment profile', panel: EnrollmentProfilePanel },
  { value: 'users', label: 'Users', panel: UsersPanel },
  { value: 'blueprints', label: 'Blueprints', panel: BlueprintsPanel },
  { value: 'calibration', label: 'Slot calibration', panel: CalibrationWizard },
  { value: 'shared', label: 'Shared devices', panel: SharedDevicesPanel },
  { value: 'audit', label: 'Audit log', panel: AuditLog },
  { value: 'settings', label: 'Settings', panel: SettingsPanel },
];

export function AdminScreen({ tab }: { tab: AdminTab }) {
  return (
    <Stack>
      <Title order={2}>Admin</Title>
      <Tabs value={tab} onChange={(t) => t && navigate({ screen: 'admin', tab: t as AdminTab })} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map(({ value, panel: Panel }) => (
          <Tabs.Panel key={value} value={value}>
            <Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
