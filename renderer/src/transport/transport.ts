import type { ApiError, HostInfo, HostedCommandName, HostedInput, HostedOutput, StationEvent } from '../../../electron/api/index.js';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/** How the screens reach the station, whatever carries it (the preload bridge, or HTTP + WebSocket). */
export interface Transport {
  readonly kind: 'electron' | 'web';
  call<K extends HostedCommandName>(name: K, input: HostedInput<K>): Promise<HostedOutput<K>>;
  /** Events, plus the link's status so the screens can reload after a reconnect. Returns unsubscribe. */
  subscribe(listener: (event: StationEvent) => void, onStatus: (status: ConnectionStatus) => void): () => void;
  hostInfo(): Promise<HostInfo>;
  exitKiosk(pin: string): Promise<boolean>;
  enterKiosk(): Promise<boolean>;
  setKioskPin(pin: string): Promise<void>;
}

/** A failed call as the screens show it: the station's sentence and remedy (never a stack). */
export class StationCallError extends Error {
  override readonly name = 'StationCallError';
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
  }
}

/** The station's "there is none" (no stored profile, no identity yet): a state to show, not a failure. */
export function isNotFound(err: unknown): boolean {
  return err instanceof StationCallError && err.apiError.code === 'NOT_FOUND';
}

export function asApiError(err: unknown): ApiError {
  if (err instanceof StationCallError) return err.apiError;
  return { code: 'INTERNAL', message: 'The station did not answer.', remedy: 'Check that the station is running, then try again.' };
}
