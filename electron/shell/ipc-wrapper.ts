import type { z } from 'zod';
import { HostError, describeIssues, toApiError, type HostResult } from '../api/index.js';
import type { IpcSenderLike } from './sender-check.js';

/** The part of ipcMain the wrapper needs (tests pass a small fake). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface TrustedIpcOptions {
  /** Decides whether an invoke comes from our own screens. */
  isTrusted: (event: IpcSenderLike) => boolean;
  log?: (line: string) => void;
}

/**
 * The ONE way main registers an IPC handler: the sender is checked, the payload (typed unknown) is
 * zod-parsed, and the answer — value or error — goes back as a HostResult, so the code and remedy
 * survive the trip (a thrown error would reach the page as a bare string). Raw ipcMain.handle is not
 * used anywhere else.
 */
export class TrustedIpc {
  private readonly channels = new Set<string>();

  constructor(
    private readonly ipcMain: IpcMainLike,
    private readonly options: TrustedIpcOptions,
  ) {}

  handle<S extends z.ZodType, R>(channel: string, schema: S, run: (input: z.output<S>) => Promise<R> | R): void {
    if (this.channels.has(channel)) throw new Error(`IPC channel ${channel} is registered twice`);
    this.channels.add(channel);
    this.ipcMain.handle(channel, async (event, ...args): Promise<HostResult<R>> => {
      if (!this.options.isTrusted(event)) {
        this.options.log?.(`refused ${channel} from an untrusted sender`);
        return { ok: false, error: toApiError(new HostError('UNAUTHORIZED', 'This window may not talk to the station.')) };
      }
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) return { ok: false, error: toApiError(new HostError('INVALID_INPUT', describeIssues(parsed.error))) };
      try {
        return { ok: true, value: await run(parsed.data) };
      } catch (err) {
        const error = toApiError(err);
        if (error.code === 'INTERNAL') this.options.log?.(`${channel} failed: ${err instanceof Error ? err.message : String(err)}`);
        return { ok: false, error };
      }
    });
  }

  dispose(): void {
    for (const c of this.channels) this.ipcMain.removeHandler(c);
    this.channels.clear();
  }
}
