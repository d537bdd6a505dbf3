import { Stack } from '@mantine/core';
import type { BlueprintForm } from './blueprint-form';
import { ChecksSection } from './ChecksSection';
import { EnrollmentSection } from './EnrollmentSection';
import { EraseSection } from './EraseSection';
import { GeneralSection } from './GeneralSection';
import { NamingSection } from './NamingSection';
import { ProfilesSection } from './ProfilesSection';
import { SetupPanesSection } from './SetupPanesSection';
import { SupervisionSection } from './SupervisionSection';
import { WallpaperSection } from './WallpaperSection';

/** Every choice of a blueprint as a form, in the order Configurator's Prepare asks for them. */
export function BlueprintFormView({ form, change, problems }: { form: BlueprintForm; change(patch: Partial<BlueprintForm>): void; problems: Record<string, string> }) {
  const props = { form, change, problems };
  return (
    <Stack>
      <GeneralSection {...props} />
      <SupervisionSection {...props} />
      <EnrollmentSection {...props} />
      <SetupPanesSection {...props} />
      <ProfilesSection {...props} />
      <NamingSection {...props} />
      <WallpaperSection {...props} />
      <EraseSection {...props} />
      <ChecksSection {...props} />
    </Stack>
  );
}
