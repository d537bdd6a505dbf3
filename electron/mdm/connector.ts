import type {
  AdeFacts,
  CallContext,
  CallOutcome,
  CheckOutRequest,
  ConnectionReport,
  ConnectorKind,
  EnrollmentInfo,
  LostModeNotice,
  MdmDevice,
  MdmUser,
  RegisterDeviceRequest,
  Support,
  VppFacts,
  WipeKind,
} from './types.js';

export type * from './types.js';

/** The report a staged device sends to the MDM (the staging engine's `device-staged` message). */
export interface StagedReport {
  udid: string;
  serial: string | null;
  imei?: string | null;
  name?: string | null;
  model?: string | null;
  productVersion?: string | null;
  blueprint?: string | null;
  user?: string | null;
}

/**
 * One interface for every MDM the station talks to. The station decides (staging/), the connector
 * acts. A method the vendor's API cannot do throws NotSupportedError with a sentence the UI shows —
 * never a silent no-op. State-changing methods are only ever called by the outbox worker.
 */
export interface MdmConnector {
  readonly kind: ConnectorKind;

  testConnection(signal?: AbortSignal): Promise<ConnectionReport>;
  searchUsers(query: string, signal?: AbortSignal): Promise<MdmUser[]>;
  getUser(id: string, signal?: AbortSignal): Promise<MdmUser | undefined>;
  /** Every user the station should cache (the sync loop's directory refresh). */
  listUsers(signal?: AbortSignal): Promise<MdmUser[]>;
  getDeviceBySerial(serial: string, signal?: AbortSignal): Promise<MdmDevice | undefined>;

  /** Single User Advanced: pre-register a device (serial/IMEI) to a named user. */
  registerDevice(request: RegisterDeviceRequest, ctx?: CallContext): Promise<CallOutcome>;
  /** Multi User: the device is now with this user. */
  checkOut(request: CheckOutRequest, ctx?: CallContext): Promise<CallOutcome>;
  /** Multi User: the device is back in the pool (staging user / no owner). */
  checkIn(serial: string, ctx?: CallContext): Promise<CallOutcome>;
  wipe(serial: string, kind: WipeKind, ctx?: CallContext): Promise<CallOutcome>;
  /** Move to an organization group (WS1) or network (Meraki). */
  moveDevice(serial: string, group: string, ctx?: CallContext): Promise<CallOutcome>;
  /** Tell the MDM a device finished staging on the station. */
  reportStaged(report: StagedReport, ctx?: CallContext): Promise<CallOutcome>;

  /** Asked before a lost-mode message is queued (the other methods below throw NotSupportedError with the same sentence). */
  lostModeSupport(): Support;
  /** Lock a lost device with a message on its lock screen (supervised iOS/iPadOS). */
  enableLostMode(serial: string, notice: LostModeNotice, ctx?: CallContext): Promise<CallOutcome>;
  /** The device is back: unlock it from lost mode. */
  disableLostMode(serial: string, ctx?: CallContext): Promise<CallOutcome>;

  enrollmentInfo(userId?: string, signal?: AbortSignal): Promise<EnrollmentInfo>;
  adeFacts(serial: string, signal?: AbortSignal): Promise<AdeFacts>;
  vppFacts(signal?: AbortSignal): Promise<VppFacts>;
}
