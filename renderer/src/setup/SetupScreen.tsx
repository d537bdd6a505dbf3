import { Alert, Button, Group, Loader, Stack, Stepper, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { CalibrationWizard } from '../admin/CalibrationWizard';
import { ErrorSentence } from '../common/ErrorSentence';
import { navigate, type Route } from '../nav/route';
import { useTransport } from '../store/client';
import { dismissSetup } from './dismissal';
import { EnrollmentStep } from './EnrollmentStep';
import { IdentityStep } from './IdentityStep';
import { MdmStep } from './MdmStep';
import { ReadyStep } from './ReadyStep';
import { SETUP_STEPS, firstOpenStep, stepState, type SetupStepId } from './setup-steps';
import { useSetupFacts } from './use-setup-facts';

/**
 * "Set up this station": the supervision identity, the enrollment profile, the slot numbers and
 * the MDM connection, one step at a time. Every step can be skipped and done later in Admin; the
 * wizard reads what the station holds, so it can be opened again any time (#/setup).
 */
export function SetupScreen() {
  const transport = useTransport();
  const { facts, enrollment, mdm, error, reload } = useSetupFacts();
  const [passed, setPassed] = useState<ReadonlySet<SetupStepId>>(new Set());
  const [active, setActive] = useState<number | null>(null);
  useEffect(() => {
    if (facts && active === null) setActive(firstOpenStep(facts, passed));
  }, [facts, active, passed]);

  const leave = async (next: Route) => {
    try {
      dismissSetup((await transport.call('station.info', {})).dataDir);
    } catch {
      // Not remembering the dismissal only means the wizard opens again on the next visit.
    }
    navigate(next);
  };
  const readError = error ? <ErrorSentence error={error} title="The station’s setup could not be read" /> : null;
  // A failed re-read after a step keeps the wizard (and what it showed) on screen, with the error.
  if (!facts) return readError ?? <Loader />;
  if (active === null) return <Loader />;

  const step = SETUP_STEPS[active];
  const state = step ? stepState(step.id, facts, passed) : 'done';
  const pass = (id: SetupStepId) => {
    setPassed((p) => new Set([...p, id]));
    setActive(active + 1);
  };
  const body = (id: SetupStepId) => {
    switch (id) {
      case 'identity':
        return <IdentityStep identity={facts.identity} onChanged={reload} />;
      case 'enrollment':
        return <EnrollmentStep stored={enrollment} onChanged={reload} />;
      case 'calibration':
        return <CalibrationWizard />;
      case 'mdm':
        return <MdmStep mdm={mdm} onKeepLocal={() => pass('mdm')} onChanged={reload} />;
    }
  };
  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>Set up this station</Title>
          <Text c="dimmed">What the station needs before it prepares devices. Skip anything and come back to it here or in Admin.</Text>
        </div>
        <Button variant="subtle" onClick={() => void leave({ screen: 'cart' })}>
          Close setup
        </Button>
      </Group>
      {readError}
      <Stepper active={active} onStepClick={setActive} allowNextStepsSelect>
        {SETUP_STEPS.map((s) => {
          const st = stepState(s.id, facts, passed);
          return (
            <Stepper.Step
              key={s.id}
              label={s.title}
              description={st === 'skipped' ? 'Skipped' : st === 'done' ? 'Done' : s.description}
              color={st === 'skipped' ? 'gray' : undefined}
              completedIcon={st === 'skipped' ? '–' : undefined}
              icon={st === 'done' ? '✓' : undefined}
              data-state={st}
            >
              <Stack mt="md">{body(s.id)}</Stack>
            </Stepper.Step>
          );
        })}
        <Stepper.Completed>
          <ReadyStep facts={facts} passed={passed} onFinish={(next) => void leave(next)} />
        </Stepper.Completed>
      </Stepper>
      {step ? (
        <Group justify="space-between" mt="md">
          <Button variant="default" onClick={() => setActive(active - 1)} disabled={active === 0}>
            Back
          </Button>
          {state === 'done' ? (
            <Button onClick={() => setActive(active + 1)}>Next</Button>
          ) : step.id === 'mdm' ? null : (
            <Button variant="default" onClick={() => pass(step.id)}>
              Skip this step
            </Button>
          )}
        </Group>
      ) : (
        <Group>
          <Button variant="default" onClick={() => setActive(SETUP_STEPS.length - 1)}>
            Back
          </Button>
        </Group>
      )}
      {step && state === 'skipped' ? (
        <Alert variant="light" color="gray">
          You skipped this step; it can be done now or later in {step.adminLabel}.
        </Alert>
      ) : null}
    </Stack>
  );
}
