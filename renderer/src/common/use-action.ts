import { useCallback, useRef, useState } from 'react';
import type { ApiError } from '../../../electron/api/index.js';
import { asApiError } from '../transport/transport';

/**
 * Runs one station call for a button: busy while it runs, the ApiError if it failed. `run` is
 * stable across renders (the latest `fn` is kept in a ref), so effects may depend on it.
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): {
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  error: ApiError | null;
  reset: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (err) {
      setError(asApiError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset };
}
