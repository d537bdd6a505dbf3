import { useState } from 'react';
import { isPin, PinForm } from './PinForm';

/** Two factors: after the badge scan, the person types their PIN. Enter signs in, Back starts over. */
export function BadgePin({ onSubmit, onCancel }: { onSubmit(pin: string): void; onCancel(): void }) {
  const [pin, setPin] = useState('');
  return <PinForm title="Type your PIN" pin={pin} setPin={setPin} valid={isPin(pin)} onSubmit={() => onSubmit(pin)} onCancel={onCancel} pinAutoFocus pinTestId="badge-pin-input" />;
}
