import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { DirectoryUser, KioskCredential } from '../../../electron/api/index.js';
import { Choice } from '../common/Choice';
import { ErrorSentence } from '../common/ErrorSentence';
import { useAction } from '../common/use-action';
import { useTransport } from '../store/client';
import { UserPicker } from './UserPicker';

type Proof = 'badge' | 'pin' | 'checked';

interface Props {
  udid: string;
  device: string;
  registeredTo: string;
  onClose(): void;
  onHandedOver(message: string): void;
}

/** Single User Advanced hand-off: the person proves who they are; the station accepts only the registered one. */
export function HandoffModal({ udid, device, registeredTo, onClose, onHandedOver }: Props) {
  const transport = useTransport();
  const [proof, setProof] = useState<Proof>('badge');
  const [badge, setBadge] = useState('');
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [checked, setChecked] = useState<DirectoryUser | null>(null);
  const handoff = useAction(async () => {
    const who: { credential: KioskCredential } | { user: string } =
      proof === 'badge' ? { credential: pin ? { badge: badge.trim(), pin } : { badge: badge.trim() } } : proof === 'pin' ? { credential: { username: username.trim(), pin } } : { user: checked!.id };
    const r = await transport.call('flows.handoff', { udid, ...who });
    onHandedOver(`${device} is handed to ${r.user.displayName}.`);
  });
  const ready = proof === 'badge' ? badge.trim() !== '' : proof === 'pin' ? username.trim() !== '' && /^\d{4,12}$/.test(pin) : checked !== null;
  return (
    <Modal opened onClose={onClose} title={`Hand over ${device}`} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void handoff.run();
        }}
      >
        <Stack>
          <Text size="sm">
            This device is registered to <b>{registeredTo}</b>. Ask the person receiving it to identify themselves; anyone else is refused and the attempt is logged.
          </Text>
          <Choice
            label="How they prove who they are"
            hideLabel
            value={proof}
            onChange={(v) => {
              setProof(v);
              handoff.reset();
            }}
            options={[
              { value: 'badge', label: 'Badge' },
              { value: 'pin', label: 'Username and PIN' },
              { value: 'checked', label: 'I checked their ID' },
            ]}
          />
          {proof === 'badge' ? (
            <>
              <TextInput label="Badge number" description="Scan the badge or type its number" value={badge} onChange={(e) => setBadge(e.currentTarget.value)} autoFocus autoComplete="off" />
              <PasswordInput label="PIN (if your station asks for one after the badge)" value={pin} onChange={(e) => setPin(e.currentTarget.value)} autoComplete="off" />
            </>
          ) : null}
          {proof === 'pin' ? (
            <>
              <TextInput label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoFocus autoComplete="off" />
              <PasswordInput label="PIN" description="4 to 12 digits" value={pin} onChange={(e) => setPin(e.currentTarget.value)} autoComplete="off" />
            </>
          ) : null}
          {proof === 'checked' ? <UserPicker label="Person receiving the device" value={checked} onChange={setChecked} description="Only when you have checked their identity yourself" /> : null}
          {handoff.error ? <ErrorSentence error={handoff.error} title="Not handed over" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={handoff.busy} disabled={!ready}>
              Hand over
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
