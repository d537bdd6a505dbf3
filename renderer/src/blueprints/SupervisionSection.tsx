import { Checkbox, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useStation } from '../store/station-store';
import type { OrganizationForm } from './blueprint-form';
import { FormSection, type SectionProps } from './form-section';

/** Supervise or not, pairing with other computers, and the organization the device shows. */
export function SupervisionSection({ form, change, problems }: SectionProps & { problems: Record<string, string> }) {
  const identityOrg = useStation((s) => s.info?.organization ?? null);
  const org = form.organization;
  const setOrg = (patch: Partial<OrganizationForm>) => change({ organization: { ...org, ...patch } });
  return (
    <FormSection title="Supervision" hint="Supervised devices can be configured silently and kept under the organization’s control.">
      <Checkbox label="Supervise the devices" checked={form.supervise} onChange={(e) => change({ supervise: e.currentTarget.checked })} />
      {form.supervise ? (
        <>
          <Checkbox
            label="Allow the devices to pair with other computers"
            description="Off: only this station (and computers with the supervision identity) can connect to them."
            checked={form.allowPairing}
            onChange={(e) => change({ allowPairing: e.currentTarget.checked })}
          />
          <Text size="sm" fw={500}>
            Organization shown on the devices
          </Text>
          <Text size="sm" c="dimmed">
            Leave the name empty to use the supervision identity’s organization{identityOrg ? ` (${identityOrg})` : ''}.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Organization name" placeholder={identityOrg ?? ''} value={org.name} onChange={(e) => setOrg({ name: e.currentTarget.value })} error={problems['organization.name']} />
            <TextInput label="Department" value={org.department} onChange={(e) => setOrg({ department: e.currentTarget.value })} />
            <TextInput label="Phone" value={org.phone} onChange={(e) => setOrg({ phone: e.currentTarget.value })} />
            <TextInput label="Email" value={org.email} onChange={(e) => setOrg({ email: e.currentTarget.value })} />
          </SimpleGrid>
          <TextInput label="Address" value={org.address} onChange={(e) => setOrg({ address: e.currentTarget.value })} />
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Unsupervised devices cannot skip Setup Assistant panes, install profiles silently or be renamed without a prompt on some iOS versions.
        </Text>
      )}
    </FormSection>
  );
}
