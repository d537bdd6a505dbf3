/** Stable codes callers (CLI exit codes, API errors, UI messages) can switch on. */
export type StoreErrorCode =
  | 'STATION_LOCKED'
  | 'SCHEMA_TOO_NEW'
  | 'SCHEMA_MISMATCH'
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'CONFLICT'
  | 'CORRUPT_ROW'
  | 'SETTING_IS_SECRET'
  | 'INVALID_INPUT';

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Another station process owns the data directory; `holderPid` is undefined when it could not be read. */
export class StationLockedError extends StoreError {
  override readonly name = 'StationLockedError';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | undefined,
    readonly holderHost: string | undefined,
    readonly holderSince: string | undefined,
  ) {
    const who = holderPid === undefined ? 'another Cartwright station' : `another Cartwright station (PID ${holderPid}${holderHost ? ` on ${holderHost}` : ''}${holderSince ? `, running since ${holderSince}` : ''})`;
    super(
      'STATION_LOCKED',
      `The data directory ${dataDir} is in use by ${who}. Quit that station first, or start this one with --data-dir (or CARTWRIGHT_DATA_DIR) pointing at another directory.`,
    );
  }
}

/** SQLite's own constraint failures, recognised so repositories can turn them into StoreErrors. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}
