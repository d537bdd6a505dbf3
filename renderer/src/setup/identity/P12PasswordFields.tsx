import { PasswordInput, SimpleGrid } from '@mantine/core';
import { useState } from 'react';
import { p12PasswordProblem } from './p12-file';

export interface NewP12Password {
  password: string;
  confirm: string;
  setPassword(password: string): void;
  setConfirm(confirm: string): void;
  /** Why the pair cannot be used yet (too short, the two differ), or null. */
  problem: string | null;
  /** Long enough and typed the same twice. */
  ready: boolean;
  /** After the .p12 is written: the password must not stay in the form. */
  clear(): void;
}

/** A new password for a .p12 the station writes (create, export), typed twice. */
export function useNewP12Password(): NewP12Password {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const problem = p12PasswordProblem(password, confirm);
  return {
    password,
    confirm,
    setPassword,
    setConfirm,
    problem,
    ready: problem === null && confirm === password,
    clear: () => {
      setPassword('');
      setConfirm('');
    },
  };
}

interface Props {
  state: NewP12Password;
  passwordLabel: string;
  confirmLabel: string;
  description?: string;
}

/** The two fields side by side; what is wrong shows on the second once both are typed. */
export function P12PasswordFields({ state, passwordLabel, confirmLabel, description }: Props) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <PasswordInput label={passwordLabel} description={description} required value={state.password} onChange={(e) => state.setPassword(e.currentTarget.value)} />
      <PasswordInput label={confirmLabel} required value={state.confirm} onChange={(e) => state.setConfirm(e.currentTarget.value)} error={state.password && state.confirm ? (state.problem ?? undefined) : undefined} />
    </SimpleGrid>
  );
}
