import { Anchor, Button, Grid, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorSentence } from '../common/ErrorSentence';
import { routeHref } from '../nav/route';
import { CheckoutsTable } from './CheckoutsTable';
import { FlowStageForm } from './FlowStageForm';
import { TechnicianCheckout } from './TechnicianCheckout';
import { RETURN_POLICY_LABEL } from './flow-text';
import { useFlowSettings } from './use-flow-settings';

/** Multi User: shared devices staged once, then checked out and in at the kiosk (or by the technician). */
export function MultiSection({ reload }: { reload(): void }) {
  const { settings, error: settingsError } = useFlowSettings();
  return (
    <Stack>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <FlowStageForm flow="multi-user" title="Stage for shared use" explanation="Devices are staged once for everyone; people then take one at the kiosk and bring it back." onStaged={reload} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Paper withBorder p="lg" radius="md">
              <Title order={4}>The kiosk</Title>
              <Text size="sm" c="dimmed" mb="sm">
                People check devices out and in themselves with their badge, or their username and PIN.
              </Text>
              <Button component="a" href={routeHref({ screen: 'kiosk' })} mb="md">
                Open the kiosk
              </Button>
              {settingsError ? <ErrorSentence error={settingsError} title="The loan rules could not be read" /> : null}
              {settings ? (
                <Stack gap={4}>
                  <Text size="sm">
                    Loan period: <b>{settings.loanHours} h</b> · up to <b>{settings.perUserLimit}</b> device{settings.perUserLimit === 1 ? '' : 's'} per person
                  </Text>
                  <Text size="sm">
                    Only devices charged to <b>{settings.batteryThreshold}%</b> or more are handed out
                  </Text>
                  <Text size="sm">
                    On return: <b>{RETURN_POLICY_LABEL[settings.returnPolicy]}</b>
                  </Text>
                </Stack>
              ) : null}
              <Anchor href={routeHref({ screen: 'admin', tab: 'shared' })} size="sm" mt="sm" display="block">
                Change the return policy and loan rules in Admin › Shared devices
              </Anchor>
            </Paper>
            <TechnicianCheckout onChanged={reload} />
          </Stack>
        </Grid.Col>
      </Grid>
      <CheckoutsTable title="Checked out" states={['open', 'overdue']} empty="No device is checked out." testId="open-checkouts" onChanged={reload} />
    </Stack>
  );
}
