import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { BlueprintForm } from './blueprint-form';

/** What every section of the form gets: the whole form, and a way to change some of it. */
export interface SectionProps {
  form: BlueprintForm;
  change(patch: Partial<BlueprintForm>): void;
}

/** One titled card of the blueprint form, labelled for screen readers by its title. */
export function FormSection({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = `bp-section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <div>
          <Title order={5} id={id}>
            {title}
          </Title>
          {hint ? (
            <Text size="sm" c="dimmed">
              {hint}
            </Text>
          ) : null}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}
