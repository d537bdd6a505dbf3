import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { routeHref, type Route } from '../nav/route';
import { SETUP_STEPS, stepState, stepSummary, type SetupFacts, type SetupStepId } from './setup-steps';

const BADGE = { done: { color: 'green', word: 'Set' }, skipped: { color: 'gray', word: 'Skipped' }, open: { color: 'yellow', word: 'Not set' } } as const;

/** The end of the wizard: what is set, what was skipped, and where each can be changed later. */
export function ReadyStep({ facts, passed, onFinish }: { facts: SetupFacts; passed: ReadonlySet<SetupStepId>; onFinish: (next: Route) => void }) {
  return (
    <Paper withBorder p="lg" radius="md" mt="md" component="section" aria-label="Ready">
      <Stack>
        <Title order={3}>Ready</Title>
        <Table verticalSpacing="sm" data-testid="setup-summary">
          <Table.Tbody>
            {SETUP_STEPS.map((s) => {
              const state = stepState(s.id, facts, passed);
              return (
                <Table.Tr key={s.id} data-step={s.id} data-state={state}>
                  <Table.Th w={220}>{s.title}</Table.Th>
                  <Table.Td w={110}>
                    <Badge color={BADGE[state].color} variant="light">
                      {BADGE[state].word}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{stepSummary(s.id, facts, state)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor size="sm" style={{ whiteSpace: 'nowrap' }} href={routeHref({ screen: 'admin', tab: s.adminTab })}>
                      {s.adminLabel}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed">
          Next: build a blueprint (what to do to each device) in Admin › Blueprints, or prepare devices from the Cart screen with the built-in one.
        </Text>
        <Group>
          <Button onClick={() => onFinish({ screen: 'cart' })}>Go to the cart</Button>
          <Button variant="default" onClick={() => onFinish({ screen: 'admin', tab: 'blueprints' })}>
            Build a blueprint
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
