import { Alert, List, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiError, FlowName } from '../../../electron/api/index.js';
import { ErrorSentence } from '../common/ErrorSentence';
import { useTransport } from '../store/client';
import { asApiError } from '../transport/transport';
import { BlueprintSelect } from '../staging/BlueprintSelect';
import { useBlueprints } from '../staging/use-blueprints';

interface Props {
  flow: FlowName;
  value: string | null;
  onChange(name: string): void;
}

/** The blueprint a flow stages with, and the station's app-licensing advice for that pair. */
export function FlowBlueprint({ flow, value, onChange }: Props) {
  const transport = useTransport();
  const { blueprints, error: listError } = useBlueprints();
  const [guidance, setGuidance] = useState<{ licensing: 'device' | 'user'; lines: string[] } | null>(null);
  const [guidanceError, setGuidanceError] = useState<ApiError | null>(null);
  const chosen = value ?? blueprints[0]?.name ?? null;
  useEffect(() => {
    if (chosen && chosen !== value) onChange(chosen);
  }, [chosen, value, onChange]);
  useEffect(() => {
    if (!chosen) return;
    let live = true;
    transport
      .call('flows.guidance', { flow, blueprint: chosen })
      .then((g) => {
        if (!live) return;
        setGuidance({ licensing: g.licensing, lines: g.guidance });
        setGuidanceError(null);
      })
      .catch((err: unknown) => {
        if (!live) return;
        // The advice shown was for another blueprint: better none than the wrong one.
        setGuidance(null);
        setGuidanceError(asApiError(err));
      });
    return () => {
      live = false;
    };
  }, [transport, flow, chosen]);
  return (
    <Stack gap="xs">
      <BlueprintSelect blueprints={blueprints} value={chosen} onChange={onChange} emptyPlaceholder="No blueprints yet: create one in Admin › Blueprints" maw={420} />
      {listError ? <ErrorSentence error={listError} /> : null}
      {guidanceError ? <ErrorSentence error={guidanceError} /> : null}
      {guidance && chosen ? (
        <Alert color={guidance.licensing === 'device' ? 'teal' : 'yellow'} variant="light" title="App licences" data-testid="flow-guidance">
          {guidance.lines.length === 1 ? (
            <Text size="sm">{guidance.lines[0]}</Text>
          ) : (
            <List size="sm" spacing={4}>
              {guidance.lines.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      ) : null}
    </Stack>
  );
}
