import type { Clock } from '../store/clock.js';
import type { DeviceService } from './device-service.js';
import type { StationFlows } from '../flows/station-flows.js';
import type { MdmServices } from './mdm-services.js';
import type { StagingService } from './staging-service.js';
import type { StationCore } from './station-core.js';
import type { StationSecrets } from './station-secrets.js';

/**
 * The station's services, as the API handlers see them: the handlers are thin adapters from a
 * command to one of these, and never see the `Station` that composes them.
 */
export interface StationServices extends Pick<StationCore, 'config' | 'store' | 'registry' | 'layer' | 'cart' | 'runner' | 'audit' | 'blueprint'> {
  devices: DeviceService;
  staging: StagingService;
  flows: StationFlows;
  mdmLink: MdmServices;
  secrets: StationSecrets;
  clock: Clock;
}
