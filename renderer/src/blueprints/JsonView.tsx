import { Badge, Group, List, Stack, Text, Textarea } from '@mantine/core';
import type { BlueprintCheck } from './blueprint-file';

/** The advanced view: the blueprint as JSON, checked with the station's schema as it is typed. */
export function JsonView({ text, check, onChange }: { text: string; check: BlueprintCheck; onChange(text: string): void }) {
  const syntaxError = !check.ok && check.problems.length === 1 && check.problems[0]?.path === '' && /not valid JSON/.test(check.problems[0].message);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          The same blueprint as the form, as it is exported. Changes here show in the form once they are valid.
        </Text>
        <Badge color={check.ok ? 'green' : 'red'}>{check.ok ? 'valid JSON' : syntaxError ? 'JSON error' : 'not a valid blueprint'}</Badge>
      </Group>
      <Textarea
        value={text}
        onChange={(e) => onChange(e.currentTarget.value)}
        autosize
        minRows={18}
        maxRows={32}
        spellCheck={false}
        classNames={{ input: 'cw-mono' }}
        aria-label="Blueprint JSON"
        error={syntaxError ? check.problems[0]?.message : undefined}
      />
      {!check.ok && !syntaxError ? (
        <List size="sm" c="red.8" aria-label="Blueprint problems" data-testid="json-problems">
          {check.problems.map((p) => (
            <List.Item key={`${p.path}:${p.message}`}>
              <Text span size="sm" fw={600} className="cw-mono">
                {p.path || '(blueprint)'}
              </Text>
              : {p.message}
            </List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}
