/** The MDM-neutral shapes every connector returns. Vendor fields stay inside the connectors. */

export type ConnectorKind = 'local' | 'workspace-one' | 'meraki';

export interface MdmUser {
  /** The MDM's id for the user (WS1 `Id.Value`, Meraki owner id, local id). */
  id: string;
  uuid?: string;
  username: string | null;
  name: string;
  email: string | null;
  badge?: string | null;
  groups: string[];
  /** WS1 staging settings; absent for MDMs without staging users. */
  staging?: { enabled: boolean; type: StagingType | null };
}

export type StagingType =
  | 'StagingDisabled'
  | 'SingleUserStagingStandard'
  | 'SingleUserStagingAdvanced'
  | 'MultipleUserStaging'
  | 'MultipleUserStagingSingleUserStandard'
  | 'MultipleUserStagingSingleUserAdvanced';

export interface MdmDevice {
  /** The MDM's own device id (WS1 numeric id as text, Meraki id, local UDID). */
  id: string;
  /** The MDM's UUID for the device where it has one (WS1 `Uuid`, which its newer endpoints take). */
  uuid?: string | null;
  serial: string;
  udid: string | null;
  imei: string | null;
  name: string | null;
  /** The user the MDM currently associates with the device (enrollment user / owner / check-out). */
  username: string | null;
  userId: string | null;
  /** Normalised: enrolled, pending, unenrolled or unknown, with the MDM's own word kept. */
  enrollment: 'enrolled' | 'pending' | 'unenrolled' | 'unknown';
  enrollmentStatus: string | null;
  supervised: boolean | null;
  enrolledViaAde: boolean | null;
  group: string | null;
  tags: string[];
}

export interface RegisterDeviceRequest {
  serial: string;
  imei?: string | null;
  userId: string;
  friendlyName?: string | null;
}

export interface CheckOutRequest {
  serial: string;
  userId: string;
}

export type WipeKind = 'enterprise' | 'device';

/** What a lost device's lock screen shows (Apple's EnableLostMode: message, phone number, footnote). */
export interface LostModeNotice {
  message: string;
  phone?: string | null;
  footnote?: string | null;
}

/**
 * Whether an optional capability exists, asked before anything is queued for it, so the station
 * never queues a message that can only be dead-lettered. `reason` is the sentence the UI shows.
 */
export type Support = { supported: true } | { supported: false; reason: string };

export interface AdeFacts {
  serial: string;
  /** Whether the serial is in the MDM's ADE (DEP) device list at all. */
  assigned: boolean;
  /** Which MDM server / organization group it is assigned to, when the MDM says. */
  server: string | null;
  profileName: string | null;
  profileUuid: string | null;
  profileStatus: string | null;
}

export interface VppAppFacts {
  name: string;
  bundleId: string | null;
  adamId: string | null;
  assignmentModel: 'device' | 'user' | 'unknown';
  purchased: number | null;
  assigned: number | null;
  available: number | null;
}

export interface VppFacts {
  apps: VppAppFacts[];
  /** Content (s)tokens the MDM knows of, by name and expiry when available. */
  tokens: { name: string; expiresAt: string | null }[];
}

export interface EnrollmentInfo {
  /** An enrollment URL or token the station can hand to a device (or embed in a QR code). */
  url?: string;
  token?: string;
  qrCodeDataUri?: string;
  groupId?: string;
  note: string;
}

export interface ConnectionReport {
  ok: boolean;
  connector: ConnectorKind;
  /** What was checked, in order, each with its verdict, e.g. "organization group ACME found (id 7)". */
  checks: { name: string; ok: boolean; detail: string }[];
}

/** Per-call context: the outbox passes whether this is a redelivery so connectors check before acting. */
export interface CallContext {
  idempotencyKey?: string;
  /** True when an earlier attempt may have reached the MDM (timeout, crash): check state first. */
  redelivery?: boolean;
  signal?: AbortSignal;
}

/** What a state-changing call did: applied now, already in that state, or deferred until the MDM knows the device. */
export interface CallOutcome {
  status: 'applied' | 'already' | 'deferred';
  detail?: string;
}
