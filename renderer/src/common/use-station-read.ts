import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../electron/api/index.js';
import { useTransport } from '../store/client';
import { asApiError, type Transport } from '../transport/transport';

/**
 * One station read a screen shows: asked again whenever a value in `deps` changes or `reload()` is
 * called; only the latest ask's answer lands (a slower earlier one is dropped); its error stays
 * until an answer comes. The last value stays on screen while a new ask is under way or failed.
 * `read` returning null means "nothing to ask now" (no blueprint chosen yet, a card not shown).
 */
export function useStationRead<T>(read: (transport: Transport) => Promise<T> | null, deps: readonly unknown[]): { value: T | null; error: ApiError | null; reload: () => void } {
  const transport = useTransport();
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  // The latest `read`: call sites pass a new closure each render; `deps` says when to ask again.
  const latest = useRef(read);
  latest.current = read;
  useEffect(() => {
    const asked = latest.current(transport);
    if (!asked) return;
    let live = true;
    asked
      .then((v) => {
        if (!live) return;
        setValue(() => v);
        setError(null);
      })
      .catch((err: unknown) => live && setError(asApiError(err)));
    return () => {
      live = false;
    };
  }, [transport, tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { value, error, reload };
}
