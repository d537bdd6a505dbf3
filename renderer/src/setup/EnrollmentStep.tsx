import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { EnrollmentProfileForm } from './enrollment/EnrollmentProfileForm';
import { EnrollmentSummary, type StoredEnrollmentProfile } from './enrollment/EnrollmentSummary';

/** The stored profile and its replacement (upload or URL): the wizard's step and Admin's panel. */
export function EnrollmentProfileSection({ stored, onChanged }: { stored: StoredEnrollmentProfile | null; onChanged: () => Promise<void> }) {
  const [replacing, setReplacing] = useState(false);
  // The station answered the new profile; reloading shows it the way every other screen reads it.
  const onStored = () => {
    setReplacing(false);
    void onChanged();
  };
  if (stored && !replacing) {
    return (
      <Stack>
        <EnrollmentSummary stored={stored} />
        <div>
          <Button variant="default" onClick={() => setReplacing(true)}>
            Replace the enrollment profile…
          </Button>
        </div>
      </Stack>
    );
  }
  return (
    <Stack>
      {stored ? (
        <Text size="sm" c="dimmed">
          The new profile replaces “{stored.inspection.displayName ?? 'the stored profile'}” for every blueprint that uses the station’s profile.
        </Text>
      ) : null}
      <EnrollmentProfileForm onStored={onStored} />
      {stored ? (
        <div>
          <Button variant="subtle" onClick={() => setReplacing(false)}>
            Keep the stored profile
          </Button>
        </div>
      ) : null}
    </Stack>
  );
}

/** Step 2: how devices join the MDM. */
export function EnrollmentStep({ stored, onChanged }: { stored: StoredEnrollmentProfile | null; onChanged: () => Promise<void> }) {
  return (
    <Stack>
      <Text>The MDM enrollment profile is what makes a device join your MDM. Blueprints install it, or store it for Setup Assistant.</Text>
      <EnrollmentProfileSection stored={stored} onChanged={onChanged} />
    </Stack>
  );
}
