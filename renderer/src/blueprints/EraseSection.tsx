import { Alert, Checkbox } from '@mantine/core';
import { FormSection, type SectionProps } from './form-section';

/** Permission to erase a device that is already set up: off unless the technician ticks it, with what it costs. */
export function EraseSection({ form, change }: SectionProps) {
  const allowed = form.erase && form.eraseAllowed;
  return (
    <FormSection title="Erasing" hint="A device that is past Setup Assistant cannot be supervised until it is erased.">
      <Checkbox
        label="Erase devices that need it"
        description="Only devices already set up are erased; new and freshly erased ones are left as they are."
        checked={allowed}
        onChange={(e) => {
          const on = e.currentTarget.checked;
          change({ erase: on, eraseAllowed: on, awaitReboot: on });
        }}
      />
      {allowed ? (
        <Alert color="red" variant="light" title="Erasing deletes everything on the device" role="note">
          Apps, photos, accounts and settings are gone for good, and the device restarts into Setup Assistant. Make sure nobody’s data is on these devices.
        </Alert>
      ) : form.erase ? (
        <Alert color="yellow" variant="light" role="note">
          This blueprint has an erase step that is not allowed to erase: a device already set up stops there with a message.
        </Alert>
      ) : null}
    </FormSection>
  );
}
