import { Alert, Button, Group } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { DirectoryUser, PickView } from '../../../electron/api/index.js';
import { Choice } from '../common/Choice';
import { ErrorSentence } from '../common/ErrorSentence';
import { FormCard } from '../common/FormCard';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { UserPicker } from './UserPicker';

/** How often a waiting pick is asked about (the kiosk follows pick events; a poll is enough here). */
const PICK_POLL_MS = 1000;

type Mode = 'now' | 'pickup';

/** Multi User check-out by the technician: the station picks the best ready device for the person. */
export function TechnicianCheckout({ onChanged }: { onChanged(): void }) {
  const transport = useTransport();
  const [person, setPerson] = useState<DirectoryUser | null>(null);
  const [mode, setMode] = useState<Mode>('now');
  const [pick, setPick] = useState<PickView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const checkout = useAction(async () => {
    if (!person) return;
    setMessage(null);
    const r = await transport.call('flows.checkout', { user: person.id, awaitPickup: mode === 'pickup' });
    const slot = `slot ${r.device.slot ?? '?'}`;
    if (r.pick) {
      setPick(r.pick);
      setMessage(`Take ${r.device.name ?? 'the device'} from ${slot} for ${r.user.displayName}. The check-out is recorded when it leaves the cart.`);
    } else {
      setMessage(`Hand ${r.device.name ?? r.device.udid} from ${slot} to ${r.user.displayName}${r.dueAt ? ` (due ${new Date(r.dueAt).toLocaleString()})` : ''}.`);
      onChanged();
    }
    setPerson(null);
  });
  const cancel = useAction(async (pickId: string) => setPick(await transport.call('picks.cancel', { pickId })));
  const waiting = pick?.state === 'waiting';
  useEffect(() => {
    if (!pick || pick.state !== 'waiting') return;
    const timer = setInterval(() => {
      void transport
        .call('flows.pick', { pickId: pick.pickId })
        .then((p) => {
          if (p.state === 'waiting') return;
          setPick(p);
          onChanged();
        })
        .catch(() => undefined);
    }, PICK_POLL_MS);
    return () => clearInterval(timer);
  }, [transport, pick, onChanged]);
  const settled = pick && !waiting ? (pick.message ?? (pick.state === 'taken' ? `${pick.device.name ?? 'The device'} is checked out to ${pick.user.displayName}.` : `The device was not taken (${pick.state}).`)) : null;
  return (
    <FormCard title="Check a device out for someone" explanation="The station picks the best ready device (battery, time on charge) within the loan rules." onSubmit={() => void checkout.run()}>
      <UserPicker label="Person taking a device" value={person} onChange={setPerson} />
      <Choice
        label="How the check-out is recorded"
        hideLabel
        value={mode}
        onChange={setMode}
        options={[
          { value: 'now', label: 'I hand it over now' },
          { value: 'pickup', label: 'Record when it leaves the cart' },
        ]}
      />
      {checkout.error ? <ErrorSentence error={checkout.error} /> : null}
      {cancel.error ? <ErrorSentence error={cancel.error} /> : null}
      {message && !settled ? (
        <Alert color="blue" variant="light">
          {message}
        </Alert>
      ) : null}
      {settled ? (
        <Alert
          color={pick?.state === 'taken' || pick?.state === 'swapped' ? 'green' : 'yellow'}
          variant="light"
          withCloseButton
          onClose={() => {
            // The "Take it from slot N" instruction belongs to this pick: it goes with it.
            setPick(null);
            setMessage(null);
          }}
        >
          {settled}
        </Alert>
      ) : null}
      <Group>
        <Button type="submit" loading={checkout.busy} disabled={!person || waiting}>
          Check out
        </Button>
        {waiting && pick ? (
          <Button variant="default" loading={cancel.busy} onClick={() => void cancel.run(pick.pickId)}>
            Give up this pick
          </Button>
        ) : null}
      </Group>
    </FormCard>
  );
}
