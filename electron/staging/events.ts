import type { ErrorCode } from '../api/errors.js';
import type { DeviceFacts } from './device-port.js';

/** What the runner tells the hosts, per device. Coalesced by the station before reaching a UI. */
export type StagingEvent =
  | { type: 'device-facts'; jobId: string; udid: string; facts: DeviceFacts }
  | { type: 'job-queued'; jobId: string; udid: string; batchId: string | null }
  | { type: 'step-started'; jobId: string; udid: string; step: string; /** The step's title for people ('Pair'). */ title?: string; index: number; count: number }
  | { type: 'step-progress'; jobId: string; udid: string; step: string; text: string; /** Set while the device shows a dialog a person must answer. */ waiting?: 'trust' }
  | { type: 'step-finished'; jobId: string; udid: string; step: string; index: number; count: number; outcome: 'succeeded' | 'skipped' | 'failed'; durationMs: number; error?: { code: ErrorCode; message: string } }
  | { type: 'job-paused'; jobId: string; udid: string; reason: 'device-gone' | 'needs-person'; error: { code: ErrorCode; message: string; remedy?: string } }
  | { type: 'job-held'; jobId: string; udid: string; batchId: string }
  | { type: 'job-finished'; jobId: string; udid: string; batchId: string | null; state: 'succeeded' | 'failed' | 'cancelled'; error?: { code: ErrorCode; message: string; remedy?: string } };
