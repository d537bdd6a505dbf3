import { List, Text } from '@mantine/core';
import type { StepSpec, StepType } from '../../../electron/api/blueprint.js';
import { FormSection } from './form-section';

const TITLES: Record<StepType, string> = {
  pair: 'Pair with the station',
  inspect: 'Read the device',
  erase: 'Erase if needed',
  'await-reboot': 'Wait for the restart',
  'check-activation': 'Check activation',
  supervise: 'Supervise',
  escalate: 'Open a supervised session',
  'install-profiles': 'Install configuration profiles',
  enroll: 'Enroll in MDM',
  rename: 'Rename',
  wallpaper: 'Set the wallpaper',
  'report-mdm': 'Report to the MDM server',
  verify: 'Verify',
};

function detail(step: StepSpec): string | null {
  switch (step.type) {
    case 'erase':
      return step.allowed ? 'only devices already set up' : 'not allowed: stops on a device already set up';
    case 'supervise':
      return `${step.organization?.name ?? 'the identity’s organization'}; ${step.skipSetup === 'all' ? 'all panes skipped' : step.skipSetup.length ? `${step.skipSetup.length} pane(s) skipped` : 'every pane shown'}; pairing ${step.allowPairing ? 'allowed' : 'blocked'}`;
    case 'install-profiles':
      return step.profiles.map((p) => p.name).join(', ');
    case 'enroll':
      return `${'stored' in step.profile ? 'the station’s profile' : step.profile.name}, ${step.mode === 'install' ? 'installed now' : 'left for Setup Assistant'}`;
    case 'rename':
      return step.template;
    case 'wallpaper':
      return step.where === 'both' ? 'Lock and Home Screen' : step.where === 'lock' ? 'Lock Screen' : 'Home Screen';
    default:
      return null;
  }
}

/** The steps the form makes, in the order they run, as the Staging screen's tiles will show them. */
export function StepsPreview({ steps }: { steps: StepSpec[] }) {
  return (
    <FormSection title="Steps" hint="What the devices go through, in this order.">
      <List type="ordered" size="sm" aria-label="Blueprint steps" spacing={2}>
        {steps.map((s) => (
          <List.Item key={s.type}>
            <Text span size="sm" fw={500}>
              {TITLES[s.type]}
            </Text>
            {detail(s) ? (
              <Text span size="sm" c="dimmed">
                {' '}
                — {detail(s)}
              </Text>
            ) : null}
          </List.Item>
        ))}
      </List>
    </FormSection>
  );
}
