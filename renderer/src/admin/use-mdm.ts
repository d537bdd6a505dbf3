import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, HostedOutput, MdmStatus, SyncRunView } from '../../../electron/api/index.js';
import { useTransport } from '../store/client';
import { asApiError } from '../transport/transport';

export type OutboxView = HostedOutput<'mdm.outbox'>;

/** How often the MDM tab refreshes on its own: the outbox drains and the sync runs behind it. */
const REFRESH_MS = 10_000;

/**
 * The MDM tab's data (status, outbox, recent sync runs), loaded together and refreshed quietly:
 * a background refresh never turns the buttons busy, and a failed one keeps what was shown.
 */
export function useMdm(): { status: MdmStatus | null; outbox: OutboxView | null; runs: SyncRunView[]; error: ApiError | null; reload: () => Promise<void> } {
  const transport = useTransport();
  const [status, setStatus] = useState<MdmStatus | null>(null);
  const [outbox, setOutbox] = useState<OutboxView | null>(null);
  const [runs, setRuns] = useState<SyncRunView[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);

  const reload = useCallback(async () => {
    try {
      const [s, o, r] = await Promise.all([transport.call('mdm.status', {}), transport.call('mdm.outbox', { limit: 200 }), transport.call('mdm.syncRuns', { limit: 10 })]);
      if (!alive.current) return;
      setStatus(s);
      setOutbox(o);
      setRuns(r);
      setError(null);
    } catch (e) {
      if (alive.current) setError(asApiError(e));
    }
  }, [transport]);

  useEffect(() => {
    alive.current = true;
    void reload();
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [reload]);

  return { status, outbox, runs, error, reload };
}
