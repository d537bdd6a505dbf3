import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { isPin, PinForm } from './PinForm';

/** Username + PIN: Tab between the two fields, Enter signs in, Escape goes back. */
export function PinLogin({ onSubmit, onCancel }: { onSubmit(username: string, pin: string): void; onCancel(): void }) {
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  return (
    <PinForm
      title="Sign in"
      pin={pin}
      setPin={setPin}
      valid={username.trim() !== '' && isPin(pin)}
      onSubmit={() => onSubmit(username.trim(), pin)}
      onCancel={onCancel}
      before={<TextInput size="xl" w={420} label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoFocus autoComplete="off" />}
    />
  );
}
