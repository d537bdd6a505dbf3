import { Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiError, HostedOutput } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useTransport } from '../store/client';
import { asApiError } from '../transport/transport';

type Inspection = HostedOutput<'profiles.inspect'>;

/** What the station reads in a profile the blueprint carries: its name, identifier, payloads, signature. */
export function ProfileSummary({ data }: { data: string }) {
  const transport = useTransport();
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    setInspection(null);
    setError(null);
    transport
      .call('profiles.inspect', { profile: data })
      .then((r) => live && setInspection(r))
      .catch((e: unknown) => live && setError(asApiError(e)));
    return () => {
      live = false;
    };
  }, [transport, data]);
  if (error) return <ErrorSentence error={error} title="This file cannot be read as a configuration profile" />;
  if (!inspection) return <Loader size="xs" aria-label="Reading the profile" />;
  const types = inspection.payloads.map((p) => p.type ?? 'unknown payload');
  return (
    <Stack gap={4} data-testid="profile-summary">
      <Group gap="xs">
        <Text fw={600}>{inspection.displayName ?? inspection.identifier ?? 'Unnamed profile'}</Text>
        <Badge color={inspection.signed ? 'green' : 'gray'} variant="light">
          {inspection.signed ? (inspection.signer?.verified ? 'signed' : 'signed (not verified)') : 'not signed'}
        </Badge>
        {inspection.mdm ? <Badge variant="light">MDM enrollment</Badge> : null}
      </Group>
      <Text size="sm" c="dimmed">
        {inspection.identifier ?? 'no identifier'} · {types.length} payload{types.length === 1 ? '' : 's'}: {types.join(', ') || 'none'}
      </Text>
      {inspection.mdm?.serverUrl ? <Text size="sm">MDM server: {inspection.mdm.serverUrl}</Text> : null}
      {inspection.issues.map((i) => (
        <Text key={`${i.path}:${i.message}`} size="sm" c="orange.8">
          {i.path}: {i.message}
        </Text>
      ))}
    </Stack>
  );
}
