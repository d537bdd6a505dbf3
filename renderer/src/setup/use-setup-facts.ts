import { useCallback, useEffect, useState } from 'react';
import type { ApiError, MdmConfigView } from '../../../electron/api/index.js';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { asApiError, isNotFound } from '../transport/transport';
import type { StoredEnrollmentProfile } from './enrollment/EnrollmentSummary';
import type { SetupFacts } from './setup-steps';

export interface SetupData {
  facts: SetupFacts | null;
  /** The stored enrollment profile in full, for its summary (null: none stored). */
  enrollment: StoredEnrollmentProfile | null;
  mdm: MdmConfigView | null;
  error: ApiError | null;
  reload: () => Promise<void>;
}

/** A command whose NOT_FOUND means "not set yet", not a failure. */
async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** What the station holds for each setup step, read from the station (the cart from the live store). */
export function useSetupFacts(): SetupData {
  const transport = useTransport();
  const cart = useStation((s) => s.cart);
  const [loaded, setLoaded] = useState<{ identity: SetupFacts['identity']; enrollment: StoredEnrollmentProfile | null; mdm: MdmConfigView } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = useCallback(async () => {
    try {
      const [check, enrollment, status] = await Promise.all([transport.call('identity.check', {}), orNull(transport.call('enrollmentProfile.show', {})), transport.call('mdm.status', {})]);
      setLoaded({ identity: check.identity, enrollment, mdm: status.config });
      setError(null);
    } catch (err) {
      setError(asApiError(err));
    }
  }, [transport]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const layout = cart?.layout ? { ...cart.layout, calibrated: cart.slots.filter((s) => s.portId).length } : null;
  const facts: SetupFacts | null = loaded
    ? {
        identity: loaded.identity,
        enrollment: loaded.enrollment ? { displayName: loaded.enrollment.inspection.displayName, serverUrl: loaded.enrollment.inspection.mdm?.serverUrl ?? null } : null,
        layout,
        mdmKind: loaded.mdm.kind,
      }
    : null;
  return { facts, enrollment: loaded?.enrollment ?? null, mdm: loaded?.mdm ?? null, error, reload };
}
