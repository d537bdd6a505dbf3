import { Button, FileButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { fileToBase64 } from '../../blueprints/file-bytes';
import { Choice } from '../../common/Choice';
import { ErrorSentence } from '../../common/ErrorSentence';
import { useAction } from '../../common/use-action';
import { useTransport } from '../../store/client';
import type { StoredEnrollmentProfile } from './EnrollmentSummary';

/** Larger than any enrollment profile; the station refuses more anyway. */
const MAX_PROFILE_BYTES = 5 * 1024 * 1024;

/**
 * The MDM enrollment profile, from a .mobileconfig the MDM console exported or fetched by the
 * station from the enrollment URL (the page may not fetch another origin). Either way the station
 * checks it before keeping it; a refused one leaves the stored profile as it was.
 */
export function EnrollmentProfileForm({ onStored }: { onStored: (stored: StoredEnrollmentProfile) => void }) {
  const transport = useTransport();
  const [mode, setMode] = useState<'file' | 'url'>('file');
  const [url, setUrl] = useState('');
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const upload = useAction(async (file: File) => {
    onStored(await transport.call('enrollmentProfile.import', { profile: await fileToBase64(file), source: { kind: 'file', path: file.name } }));
  });
  const fetchUrl = useAction(async () => onStored(await transport.call('enrollmentProfile.fetch', { url })));
  const error = mode === 'file' ? upload.error : fetchUrl.error;
  return (
    <Stack>
      <Choice
        label="Where the profile comes from"
        hideLabel
        value={mode}
        onChange={setMode}
        options={[
          { value: 'file', label: 'Upload a .mobileconfig' },
          { value: 'url', label: 'Fetch from the enrollment URL' },
        ]}
        maw={520}
      />
      {mode === 'file' ? (
        <Group>
          <FileButton
            onChange={(f) => {
              if (!f) return;
              setTooLarge(f.size > MAX_PROFILE_BYTES ? `${f.name} is larger than 5 MB, which no enrollment profile is: choose the .mobileconfig the MDM console exported.` : null);
              if (f.size <= MAX_PROFILE_BYTES) void upload.run(f);
            }}
            accept=".mobileconfig,application/x-apple-aspen-config">
            {(props) => (
              <Button {...props} loading={upload.busy}>
                Choose the .mobileconfig file…
              </Button>
            )}
          </FileButton>
          <Text size="sm" c="dimmed">
            The device enrollment profile your MDM console exports.
          </Text>
        </Group>
      ) : (
        <form
          aria-label="Fetch the enrollment profile"
          onSubmit={(e) => {
            e.preventDefault();
            void fetchUrl.run();
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="Enrollment URL"
              description="The station downloads the profile from here (https://; http:// only without a user name)"
              placeholder="https://mdm.example.com/enroll"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              w={520}
            />
            <Button type="submit" loading={fetchUrl.busy} disabled={!url.trim()}>
              Fetch profile
            </Button>
          </Group>
        </form>
      )}
      {mode === 'file' && tooLarge ? (
        <Text size="sm" c="red" role="alert">
          {tooLarge}
        </Text>
      ) : null}
      {error ? <ErrorSentence error={error} title="The profile was not stored" /> : null}
    </Stack>
  );
}
