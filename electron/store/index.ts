// The store's public surface. Other layers import from here, not from individual files.
export { openStore, Store, DATABASE_FILE, type StoreOptions } from './store.js';
export { openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './database.js';
export { migrate, currentVersion, type MigrationReport } from './migrate.js';
export { migrations, type Migration } from './migrations/index.js';
export { StationLock } from './station-lock.js';
export { StoreError, StationLockedError, type StoreErrorCode } from './errors.js';
export { systemClock, type Clock } from './clock.js';
export type { JsonValue } from './json.js';

export * from './repos/devices-repo.js';
export * from './repos/slots-repo.js';
export * from './repos/blueprints-repo.js';
export * from './repos/batches-repo.js';
export {
  UNFINISHED_JOB_STATES,
  JOB_TRANSITIONS,
  STEP_TRANSITIONS,
  errorChainSchema,
  isFinished,
  resumeStepOf,
  type ErrorChain,
  type Job,
  type JobParams,
  type JobState,
  type JobStep,
  type JobWithSteps,
  type StepFailure,
  type StepState,
} from './repos/job-types.js';
export * from './repos/jobs-repo.js';
export * from './repos/users-repo.js';
export * from './repos/assignments-repo.js';
export * from './repos/checkouts-repo.js';
export * from './repos/outbox-repo.js';
export * from './repos/sync-runs-repo.js';
export * from './repos/settings-repo.js';
export * from './repos/audit-repo.js';
export * from './repos/mdm-devices-repo.js';
