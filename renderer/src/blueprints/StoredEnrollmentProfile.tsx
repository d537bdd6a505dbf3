import { Alert, Loader, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiError, HostedOutput } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useTransport } from '../store/client';
import { asApiError, isNotFound } from '../transport/transport';

type Stored = HostedOutput<'enrollmentProfile.show'>;

/** The station's stored enrollment profile in a line, or what to do when there is none yet. */
export function StoredEnrollmentProfile() {
  const transport = useTransport();
  const [stored, setStored] = useState<Stored | null | 'none'>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    transport
      .call('enrollmentProfile.show', {})
      .then((r) => live && setStored(r))
      .catch((err: unknown) => {
        if (!live) return;
        // Only NOT_FOUND means "none stored": a station that did not answer is not told to import one.
        if (isNotFound(err)) setStored('none');
        else setError(asApiError(err));
      });
    return () => {
      live = false;
    };
  }, [transport]);
  if (error) return <ErrorSentence error={error} title="The station’s enrollment profile could not be read" />;
  if (stored === null) return <Loader size="xs" aria-label="Reading the station’s enrollment profile" />;
  if (stored === 'none') {
    return (
      <Alert color="yellow" variant="light" title="This station has no enrollment profile yet">
        Import the MDM enrollment profile (Admin, or <code>cartwright enroll-profile import</code>) before staging with this blueprint, or choose a profile file here.
      </Alert>
    );
  }
  const m = stored.metadata;
  return (
    <Text size="sm" data-testid="stored-enrollment-profile">
      {m.displayName ?? m.identifier ?? 'Enrollment profile'} · {m.serverUrl ?? 'no server URL'} · {m.signed ? 'signed' : 'not signed'}
    </Text>
  );
}
