import { Alert, Text } from '@mantine/core';
import { DEFAULT_REMEDY, type ApiError } from '../../../electron/api/index.js';
import { CompactError } from './CompactError';

interface Props {
  error: ApiError;
  /** Compact form for tiles; the full alert elsewhere. */
  compact?: boolean;
  title?: string;
}

/** Every error as its sentence and what to do next; codes and stacks stay out of sight. */
export function ErrorSentence({ error, compact, title }: Props) {
  const remedy = error.remedy ?? DEFAULT_REMEDY[error.code];
  if (compact) return <CompactError error={error} remedy={remedy} />;
  return (
    <Alert color="red" variant="light" title={title ?? error.message} role="alert">
      {title ? <Text size="sm">{error.message}</Text> : null}
      <Text size="sm" fw={500}>
        {remedy}
      </Text>
    </Alert>
  );
}
