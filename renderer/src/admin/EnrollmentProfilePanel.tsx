import { Loader, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { EnrollmentProfileSection } from '../setup/EnrollmentStep';
import type { StoredEnrollmentProfile } from '../setup/enrollment/EnrollmentSummary';
import { useTransport } from '../store/client';
import { asApiError, isNotFound } from '../transport/transport';

/** Admin › Enrollment profile: what the station stores (server, topic, signature), replaced by upload or URL. */
export function EnrollmentProfilePanel() {
  const transport = useTransport();
  const [stored, setStored] = useState<StoredEnrollmentProfile | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(async () => {
    try {
      setStored(await transport.call('enrollmentProfile.show', {}));
      setError(null);
    } catch (err) {
      if (isNotFound(err)) setStored(null);
      else setError(asApiError(err));
    }
  }, [transport]);
  useEffect(() => {
    void load();
  }, [load]);
  if (error) return <ErrorSentence error={error} title="The enrollment profile could not be read" />;
  if (stored === undefined) return <Loader />;
  return (
    <Stack maw={920}>
      {stored ? null : <Text>No enrollment profile is stored yet. Blueprints that enroll devices with the station’s profile need one.</Text>}
      <EnrollmentProfileSection stored={stored} onChanged={load} />
    </Stack>
  );
}
