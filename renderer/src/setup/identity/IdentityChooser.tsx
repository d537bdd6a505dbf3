import { Stack } from '@mantine/core';
import { Choice } from '../../common/Choice';
import { useState } from 'react';
import type { CertificateView } from './identity-types';
import { CreateIdentityForm } from './CreateIdentityForm';
import { ImportIdentityForm } from './ImportIdentityForm';

/** Create a new identity or import the organization's: the wizard's step and Admin's both use it. */
export function IdentityChooser({ replace = false, onDone }: { replace?: boolean; onDone: (identity: CertificateView) => void }) {
  const [mode, setMode] = useState<'create' | 'import'>('create');
  return (
    <Stack>
      <Choice
        label="Create or import"
        hideLabel
        value={mode}
        onChange={setMode}
        options={[
          { value: 'create', label: 'Create a new identity' },
          { value: 'import', label: 'Import a .p12 file' },
        ]}
        maw={460}
      />
      {mode === 'create' ? <CreateIdentityForm replace={replace} onDone={onDone} /> : <ImportIdentityForm replace={replace} onDone={onDone} />}
    </Stack>
  );
}
