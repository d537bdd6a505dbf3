import type { StationParts } from '../flows/parts.js';
import type { BatteryPoll } from './battery-poll.js';
import type { DeviceRegistry } from './registry.js';

/** The station's parts as its own services see them: the whole registry and battery monitor. */
export type StationCore = Omit<StationParts, 'registry' | 'batteries'> & { registry: DeviceRegistry; batteries: BatteryPoll };
