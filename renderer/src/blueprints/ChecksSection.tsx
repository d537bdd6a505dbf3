import { Checkbox, Stack } from '@mantine/core';
import type { BlueprintForm } from './blueprint-form';
import { FormSection, type SectionProps } from './form-section';

type CheckField = 'inspect' | 'checkActivation' | 'escalate' | 'reportMdm' | 'verify';

const CHECKS: { field: CheckField; label: string; description: string; needsSupervision?: boolean }[] = [
  { field: 'inspect', label: 'Read each device first', description: 'Model, iOS version and whether it is already set up, before anything changes.' },
  { field: 'checkActivation', label: 'Check activation', description: 'Stops early on a device that still needs Apple’s activation servers.' },
  { field: 'escalate', label: 'Use the supervision identity for silent changes', description: 'Needed to rename, set wallpapers and install profiles without prompts.', needsSupervision: true },
  { field: 'reportMdm', label: 'Tell the MDM server about the device', description: 'Records the device, its name and slot in the MDM.' },
  { field: 'verify', label: 'Verify at the end', description: 'Reads the device back: supervised, enrolled, named as the template says.' },
];

/** The steps around the choices above: most blueprints keep them all on. */
export function ChecksSection({ form, change }: SectionProps) {
  return (
    <FormSection title="Checks and reports">
      <Stack gap="xs">
        {CHECKS.filter((c) => !c.needsSupervision || form.supervise).map((c) => (
          <Checkbox
            key={c.field}
            label={c.label}
            description={c.description}
            checked={form[c.field]}
            onChange={(e) => change({ [c.field]: e.currentTarget.checked } as Partial<BlueprintForm>)}
          />
        ))}
      </Stack>
    </FormSection>
  );
}
