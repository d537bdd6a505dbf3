import { useCallback, useRef, useState } from 'react';
import type { ApiError } from '../../../electron/api/index.js';
import { asApiError } from '../transport/transport';

/**
 * Runs one station call for a button: busy while it runs, the ApiError if it failed. `run` is
 * stable across renders (the latest `fn` is kept in a ref), so effects may depend on it.
 * `runningWith` is the arguments of the call in flight, so a table shares one action and only the
 * row it runs for shows as busy.
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): {
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  runningWith: A | null;
  error: ApiError | null;
  reset: () => void;
} {
  const [runningWith, setRunningWith] = useState<A | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  const run = useCallback(async (...args: A) => {
    setRunningWith(args);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (err) {
      setError(asApiError(err));
      return undefined;
    } finally {
      setRunningWith(null);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  return { run, busy: runningWith !== null, runningWith, error, reset };
}
