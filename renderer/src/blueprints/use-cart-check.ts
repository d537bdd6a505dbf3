import { useEffect, useState } from 'react';
import type { ApiError, BatchProblem } from '../../../electron/api/index.js';
import type { Blueprint } from '../../../electron/api/blueprint.js';
import { useTransport } from '../store/client';
import { asApiError } from '../transport/transport';

export type CartCheck = { state: 'idle' } | { state: 'checking' } | { state: 'done'; problems: BatchProblem[] } | { state: 'failed'; error: ApiError };

const SETTLE_MS = 350;

/**
 * What `staging.validate` says of the unsaved blueprint against every device on the cart — the
 * refusals `staging.start` would give — re-asked a moment after the technician stops typing.
 */
export function useCartCheck(blueprint: Blueprint | null): CartCheck {
  const transport = useTransport();
  const [check, setCheck] = useState<CartCheck>({ state: 'idle' });
  const key = blueprint ? JSON.stringify(blueprint) : null;
  useEffect(() => {
    if (!key) {
      setCheck({ state: 'idle' });
      return;
    }
    let live = true;
    setCheck({ state: 'checking' });
    const timer = setTimeout(() => {
      transport
        .call('staging.validate', { udids: 'all', blueprint: { body: JSON.parse(key) as unknown } })
        .then((r) => live && setCheck({ state: 'done', problems: r.problems }))
        .catch((e: unknown) => live && setCheck({ state: 'failed', error: asApiError(e) }));
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [transport, key]);
  return check;
}
