import { Paper, Stack, Text, Title, type TitleOrder } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  /** What submitting does, in a sentence under the title. */
  explanation?: ReactNode;
  titleOrder?: TitleOrder;
  onSubmit(): void;
  children: ReactNode;
}

/**
 * A card holding one form, named by its title (a landmark for screen readers and for tests):
 * Enter in a field or the submit button runs `onSubmit`, never a page reload.
 */
export function FormCard({ title, explanation, titleOrder = 4, onSubmit, children }: Props) {
  return (
    <Paper withBorder p="lg" radius="md">
      <form
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <Stack>
          <div>
            <Title order={titleOrder}>{title}</Title>
            {explanation ? (
              <Text size="sm" c="dimmed">
                {explanation}
              </Text>
            ) : null}
          </div>
          {children}
        </Stack>
      </form>
    </Paper>
  );
}
