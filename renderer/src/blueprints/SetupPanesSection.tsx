import { Checkbox, SimpleGrid, Stack, Text } from '@mantine/core';
import { SETUP_PANE_GROUPS } from './setup-panes';
import { FormSection, type SectionProps } from './form-section';

/** Setup Assistant: skip every pane, or tick the ones to skip, grouped as Configurator shows them. */
export function SetupPanesSection({ form, change }: SectionProps) {
  if (!form.supervise) return null;
  const skipped = new Set(form.skipPanes);
  // Keeps the order panes were ticked in, so a stored list opens and saves unchanged.
  const setGroup = (groupKeys: string[], ticked: string[]) => {
    const kept = form.skipPanes.filter((k) => !groupKeys.includes(k) || ticked.includes(k));
    change({ skipPanes: [...kept, ...ticked.filter((k) => !kept.includes(k))] });
  };
  return (
    <FormSection title="Setup Assistant" hint="The panes a person sees when the device starts up. Skipped panes use their defaults.">
      <Checkbox
        label="Skip all Setup Assistant panes"
        description="Also skips panes added by future iOS versions."
        checked={form.skipAllPanes}
        onChange={(e) => change({ skipAllPanes: e.currentTarget.checked })}
      />
      {form.skipAllPanes ? null : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          {SETUP_PANE_GROUPS.map((group) => (
            <Checkbox.Group
              key={group.title}
              label={group.title}
              value={group.panes.filter((p) => skipped.has(p.key)).map((p) => p.key)}
              onChange={(ticked) => setGroup(group.panes.map((p) => p.key), ticked)}
            >
              <Stack gap={6} mt={6}>
                {group.panes.map((pane) => (
                  <Checkbox key={pane.key} value={pane.key} label={pane.label} />
                ))}
              </Stack>
            </Checkbox.Group>
          ))}
        </SimpleGrid>
      )}
      {!form.skipAllPanes ? (
        <Text size="sm" c="dimmed">
          {form.skipPanes.length ? `${form.skipPanes.length} pane${form.skipPanes.length === 1 ? '' : 's'} skipped.` : 'Every pane is shown.'}
        </Text>
      ) : null}
    </FormSection>
  );
}
