import { Button, FileButton, Group, Paper, Stack, Text } from '@mantine/core';
import { fileToBase64 } from './file-bytes';
import { FormSection, type SectionProps } from './form-section';
import { ProfileSummary } from './ProfileSummary';

/** Configuration profiles installed on every device (Wi-Fi, restrictions…), each read by the station as it is added. */
export function ProfilesSection({ form, change }: SectionProps) {
  const add = async (files: File[]) => {
    const added = await Promise.all(files.map(async (f) => ({ name: f.name, data: await fileToBase64(f) })));
    change({ profiles: [...form.profiles, ...added] });
  };
  const remove = (index: number) => change({ profiles: form.profiles.filter((_, i) => i !== index) });
  return (
    <FormSection title="Configuration profiles" hint="Installed in this order after supervision; they travel inside the blueprint.">
      {form.profiles.length === 0 ? (
        <Text size="sm" c="dimmed">
          No profiles: none are installed.
        </Text>
      ) : (
        <Stack gap="xs">
          {form.profiles.map((p, i) => (
            <Paper key={`${i}:${p.name}`} withBorder p="xs" radius="sm" aria-label={`Profile ${p.name}`}>
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={2}>
                  <Text size="sm" c="dimmed">
                    {p.name}
                  </Text>
                  <ProfileSummary data={p.data} />
                </Stack>
                <Button variant="subtle" color="red" size="xs" onClick={() => remove(i)} aria-label={`Remove ${p.name}`}>
                  Remove
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <Group>
        <FileButton onChange={(files) => void add(files)} accept=".mobileconfig,application/x-apple-aspen-config" multiple>
          {(props) => (
            <Button variant="default" {...props}>
              Add profiles…
            </Button>
          )}
        </FileButton>
      </Group>
    </FormSection>
  );
}
