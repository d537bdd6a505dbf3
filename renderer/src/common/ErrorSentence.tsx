import { Alert, Text } from '@mantine/core';
import { DEFAULT_REMEDY, type ApiError } from '../../../electron/api/index.js';

interface Props {
  error: ApiError;
  /** Compact form for tiles; the full alert elsewhere. */
  compact?: boolean;
  title?: string;
}

/** Every error as its sentence and what to do next; codes and stacks stay out of sight. */
export function ErrorSentence({ error, compact, title }: Props) {
  const remedy = error.remedy ?? DEFAULT_REMEDY[error.code];
  if (compact) {
    return (
      <div className="cw-error" role="alert">
        <Text size="sm" fw={600} c="red.8" lh={1.25} lineClamp={3} title={error.message}>
          {error.message}
        </Text>
        <Text size="xs" lh={1.3} lineClamp={4} title={remedy}>
          <b>Fix: </b>
          {remedy}
        </Text>
      </div>
    );
  }
  return (
    <Alert color="red" variant="light" title={title ?? error.message} role="alert">
      {title ? <Text size="sm">{error.message}</Text> : null}
      <Text size="sm" fw={500}>
        {remedy}
      </Text>
    </Alert>
  );
}
