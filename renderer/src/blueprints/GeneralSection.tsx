import { Alert, List, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { FormSection, type SectionProps } from './form-section';

/** The blueprint's name and description, and how its apps are licensed (with the VPP guidance). */
export function GeneralSection({ form, change, problems }: SectionProps & { problems: Record<string, string> }) {
  return (
    <FormSection title="Blueprint">
      <TextInput label="Blueprint name" value={form.name} onChange={(e) => change({ name: e.currentTarget.value })} error={problems.name} required />
      <Textarea label="Description" value={form.description} onChange={(e) => change({ description: e.currentTarget.value })} autosize minRows={1} maxRows={4} />
      <Radio.Group label="App licensing (Volume Purchase)" value={form.appLicensing} onChange={(v) => change({ appLicensing: v === 'user' ? 'user' : 'device' })}>
        <Stack gap={6} mt={6}>
          <Radio value="device" label="Assign app licenses to the devices" description="No Apple ID needed; the license stays with the device whoever uses it." />
          <Radio value="user" label="Assign app licenses to people’s Apple IDs" description="Each person accepts an invitation with their Apple ID; the license follows the person." />
        </Stack>
      </Radio.Group>
      <Alert variant="light" color={form.appLicensing === 'device' ? 'blue' : 'yellow'} title="Choosing a licensing mode" role="note">
        <Text size="sm">Device-assigned licenses are the safe choice for cart devices, shared and multi-user devices: nothing depends on an Apple ID.</Text>
        <List size="sm" mt={4}>
          <List.Item>With Apple IDs, keep one Apple ID per device and do not change it; a changed Apple ID loses access to its apps.</List.Item>
          <List.Item>Use a VPP token (sToken) in one MDM environment and one organization group only: a license revoked in one is lost in the other.</List.Item>
          <List.Item>Single user, advanced (pre-configured Apple IDs) and multi-user staging need the most care: the staging user’s Apple ID updates the common apps.</List.Item>
        </List>
      </Alert>
    </FormSection>
  );
}
