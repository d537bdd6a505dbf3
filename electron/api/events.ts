import { z } from 'zod';
import { CartView } from './cart.js';
import { DeviceSummary } from './device.js';
import { ApiError } from './errors.js';
import { PickView } from './flows.js';
import { BatchProgress, JobProgress } from './staging.js';
import { lazySchema } from './lazy-schema.js';

/** Everything a host pushes to its screens. Device events are coalesced (~50 ms) by the station. */
export const StationEvent = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('devices'), devices: z.array(DeviceSummary) }),
  z.object({ type: z.literal('device-removed'), udid: z.string() }),
  z.object({ type: z.literal('batch'), progress: BatchProgress }),
  z.object({ type: z.literal('cart'), cart: CartView }),
  /** A kiosk pick changed (made, wrong device, taken, swapped, lapsed, cancelled); "taken" only once the check-out is recorded. */
  z.object({ type: z.literal('pick'), pick: PickView }),
  /** A staging job moved (a step started or finished, the job paused or finished): what `prepare --json` streams. */
  z.object({ type: z.literal('job'), job: JobProgress }),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), message: z.string(), error: ApiError.optional() }),
]));
export type StationEvent = z.infer<typeof StationEvent>;
