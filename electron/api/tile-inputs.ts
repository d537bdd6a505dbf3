import type { DeviceState, TileCode } from './device.js';
import type { ApiError } from './errors.js';

/**
 * What the flows may tell a device tile, besides facts: a kiosk pick and a note. The flows write
 * these through their registry interface (electron/flows/parts.ts) and the tile derivation reads
 * them (electron/station/tiles/derive-tile.ts); the one definition here keeps the two in step.
 */

/** The device is reserved for someone at the kiosk, to be taken from `slot`. */
export interface PickTile {
  /** Who it is picked for, as the tile names them. */
  user: string;
  slot: number | null;
}

/** A flow's word on the tile. With `state`, it sets the state too (until the device is unplugged or plugged). */
export interface FlowNote {
  code: TileCode;
  detail: string | null;
  state?: DeviceState;
  error?: ApiError;
}
