import { z } from 'zod';
import type { ApiError } from './errors.js';
import type { StationEvent } from './events.js';
import type { HostedCommandName, HostedInput, HostedOutput } from './hosted.js';
import { lazySchema } from './lazy-schema.js';

/** What the host tells the screens about itself (kiosk mode is decided by the host, not the page). */
export const HostInfo = lazySchema(() => z.object({
  kind: z.enum(['electron', 'web']),
  kiosk: z.boolean(),
  /** Leaving kiosk mode needs the admin PIN; only the Electron shell can leave it. */
  canExitKiosk: z.boolean(),
  /** Whether an admin PIN is set (kiosk mode cannot be entered without one). */
  kioskPinSet: z.boolean(),
}));
export type HostInfo = z.infer<typeof HostInfo>;

/** Every host answer crosses the boundary as a value, so the error's code and remedy survive. */
export type HostResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * `window.cartwright`, exposed by the Electron preload: one narrow function per command (never a
 * generic send), an event subscription that returns its unsubscribe, and the shell's own actions.
 */
export interface CartwrightBridge {
  readonly commands: { readonly [K in HostedCommandName]: (input: HostedInput<K>) => Promise<HostResult<HostedOutput<K>>> };
  onEvent(listener: (event: StationEvent) => void): () => void;
  hostInfo(): Promise<HostResult<HostInfo>>;
  /** Leaves kiosk mode if the PIN is the admin PIN (wrong PINs are throttled). */
  exitKiosk(pin: string): Promise<HostResult<{ exited: boolean }>>;
  /** Enters kiosk mode (refused until an admin PIN is set). */
  enterKiosk(): Promise<HostResult<{ entered: boolean }>>;
  /** Sets the admin PIN (stored hashed); refused while in kiosk mode. */
  setKioskPin(pin: string): Promise<HostResult<{ set: boolean }>>;
}
