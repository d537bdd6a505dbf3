import type { ActivateOptions, StationOptions } from '../station/station.js';
import { SafeStorageSealer, type SafeStorageLike } from './safe-storage-sealer.js';

/**
 * How the desktop app opens its station: secrets sealed by the OS keychain (safeStorage), every
 * action audited as coming from the station's own screen.
 */
export function shellStationOptions(safeStorage: SafeStorageLike): StationOptions {
  return { source: 'screen', secretSealer: new SafeStorageSealer(safeStorage) };
}

/**
 * Once the window is up, the app is a long-lived host like `cartwright serve`: plugged-in devices
 * resume their unfinished jobs, the flows follow the cart, the outbox drains and the MDM is synced
 * periodically.
 */
export const SHELL_ACTIVATION: ActivateOptions = { resumeAttached: true, periodicSync: true };
