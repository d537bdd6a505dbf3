import { Button, FileButton, Group, Radio, Stack, Text } from '@mantine/core';
import { fileToBase64 } from './file-bytes';
import { FormSection, type SectionProps } from './form-section';
import { ProfileSummary } from './ProfileSummary';
import { StoredEnrollmentProfile } from './StoredEnrollmentProfile';

/** Manual or MDM enrollment; which profile; installed now or left for Setup Assistant. */
export function EnrollmentSection({ form, change, problems }: SectionProps & { problems: Record<string, string> }) {
  const profile = form.enrollmentProfile;
  const choose = async (file: File | null) => {
    if (file) change({ enrollmentProfile: { kind: 'embedded', name: file.name, data: await fileToBase64(file) } });
  };
  return (
    <FormSection title="Enrollment" hint="Whether the devices join your MDM server while they are prepared.">
      <Radio.Group label="Enrollment" value={form.enroll ? 'mdm' : 'manual'} onChange={(v) => change({ enroll: v === 'mdm' })}>
        <Group mt={6}>
          <Radio value="manual" label="Manual enrollment (no MDM)" />
          <Radio value="mdm" label="Enroll in MDM" />
        </Group>
      </Radio.Group>
      {form.enroll ? (
        <>
          <Radio.Group
            label="Enrollment profile"
            value={profile.kind}
            onChange={(v) => change({ enrollmentProfile: v === 'stored' ? { kind: 'stored' } : { kind: 'embedded', name: '', data: '' } })}
            error={problems.enrollmentProfile}
          >
            <Stack gap={6} mt={6}>
              <Radio value="stored" label="The station’s enrollment profile" description="The one imported in Admin; a new import is used from then on." />
              <Radio value="embedded" label="A profile file carried in this blueprint" description="Travels with the blueprint when it is exported." />
            </Stack>
          </Radio.Group>
          {profile.kind === 'stored' ? <StoredEnrollmentProfile /> : null}
          {profile.kind === 'embedded' ? (
            <Stack gap="xs">
              <Group>
                <FileButton onChange={(f) => void choose(f)} accept=".mobileconfig,application/x-apple-aspen-config">
                  {(props) => (
                    <Button variant="default" {...props}>
                      {profile.data ? 'Choose another profile…' : 'Choose enrollment profile…'}
                    </Button>
                  )}
                </FileButton>
                {profile.name ? <Text size="sm">{profile.name}</Text> : null}
              </Group>
              {profile.data ? <ProfileSummary data={profile.data} /> : null}
            </Stack>
          ) : null}
          <Radio.Group label="When to install it" value={form.enrollMode} onChange={(v) => change({ enrollMode: v === 'store' ? 'store' : 'install' })}>
            <Stack gap={6} mt={6}>
              <Radio value="install" label="Install it now" description="Silently, while the device is on the cart (supervised devices)." />
              <Radio value="store" label="Leave it for Setup Assistant to install" description="The person setting up the device sees the Remote Management pane." />
            </Stack>
          </Radio.Group>
        </>
      ) : null}
    </FormSection>
  );
}
