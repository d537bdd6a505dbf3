import type { StationHandlers } from '../api/station-handlers.js';
import type { StationServices } from './services.js';

/**
 * `audit.verify`: the store recomputes the audit log's hash chain (store/audit-chain.ts). A read:
 * verifying leaves no entry of its own, so the chain verified is the chain there was.
 */
export function auditVerifyHandler(station: Pick<StationServices, 'store'>): Pick<StationHandlers, 'audit.verify'> {
  return {
    'audit.verify': async () => station.store.audit.verify(),
  };
}
