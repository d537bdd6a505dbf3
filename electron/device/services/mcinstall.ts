/**
 * com.apple.mobile.MCInstall: configuration profiles, cloud configuration (supervision) and
 * escalation (docs/device-protocols.md §4). libimobiledevice has no client for it, so it runs over
 * the generic property-list service. Escalation is per connection: escalate, then do the silent
 * operations on the same McInstall instance.
 */
import type { DeviceContext } from '../context.js';
import { DeviceError, type DeviceErrorCode } from '../errors.js';
import { fromMcInstallReply } from '../error-map.js';
import type { ChallengeSigner } from '../pairing.js';
import { parseReply, toXml } from '../plist.js';
import { buildCloudConfiguration, type SuperviseOptions } from '../cloud-configuration.js';
import {
  challengeReplySchema,
  cloudConfigurationReplySchema,
  profileListSchema,
  securityInfoReplySchema,
  statusSchema,
  storedProfileReplySchema,
  toProfileInfos,
  type ProfileInfo,
  type SecurityInfo,
} from './mcinstall-schemas.js';
import { checkSettingsItems } from './mcinstall-settings.js';
import { TransportError } from '../transport-types.js';
import type { DeviceService } from './device-service.js';
import { PlistServiceConnection } from './service-connection.js';

export const MCINSTALL_SERVICE_NAME = 'com.apple.mobile.MCInstall';

/** How a connection the device closed (or a device that detached) surfaces on receive. */
const ERASE_DROP_CODES: ReadonlySet<DeviceErrorCode> = new Set(['DEVICE_GONE', 'PROTOCOL']);

/** The erase began: the device dropped the connection instead of answering. */
const ERASE_BEGUN = Symbol('erase begun');

/** Installs and keybag migration can take minutes on a real device (§6.3). */
const LONG_MS = 300_000;
const DEFAULT_MS = 30_000;

export type WallpaperWhere = 'lock' | 'home' | 'both';
const WHERE: Record<WallpaperWhere, number> = { lock: 1, home: 2, both: 3 };

export class McInstall implements DeviceService {
  static readonly serviceName = MCINSTALL_SERVICE_NAME;
  /**
   * `withService` may keep a plain MCInstall connection open for the next caller; one that was
   * escalated (or broke) during the work is closed instead (`retired`). The station's escalated
   * connection is opened with McInstall.open and owned by whoever escalated it.
   */
  static readonly reusable = true;
  private escalationSent = false;

  private constructor(private readonly conn: PlistServiceConnection) {}

  static async open(ctx: DeviceContext, udid: string): Promise<McInstall> {
    return new McInstall(await PlistServiceConnection.open(ctx, udid, McInstall.serviceName));
  }

  get udid(): string {
    return this.conn.udid;
  }

  get answers(): number {
    return this.conn.answers;
  }

  /** Broken, or escalated (escalation is per connection, §4.7): not for a pool's next caller. */
  get retired(): boolean {
    return this.conn.broken || this.escalationSent;
  }

  /** `because`: what a caller still using the connection is told (see PlistServiceConnection.close). */
  close(because?: DeviceError): Promise<void> {
    return this.conn.close(because);
  }

  /** Sends one request; anything but Acknowledged becomes a DeviceError (`fallback` when unspecific). */
  private async call(request: Record<string, unknown> & { RequestType: string }, fallback: DeviceErrorCode, timeoutMs = DEFAULT_MS) {
    const raw = await this.conn.request(request, { timeoutMs });
    const what = `MCInstall ${request.RequestType} reply`;
    const reply = parseReply(statusSchema, raw, { udid: this.udid, what });
    if (reply.Status !== 'Acknowledged') throw fromMcInstallReply(reply, request.RequestType, fallback, this.udid);
    return raw;
  }

  /*
   * HelloHostIdentifier and Flush are not needed before any request the station makes: go-ios
   * sends Flush first and HelloHostIdentifier between steps of prepare/erase (ios/mcinstall/
   * prepare.go, erase.go), but pymobiledevice3 (services/mobile_config.py) defines both and never
   * sends them, and its supervise/erase/install work on real devices. Kept for diagnostics.
   */
  async helloHostIdentifier(): Promise<void> {
    await this.call({ RequestType: 'HelloHostIdentifier' }, 'DEVICE_REFUSED');
  }

  async flush(): Promise<void> {
    await this.call({ RequestType: 'Flush' }, 'DEVICE_REFUSED');
  }

  async getProfileList(): Promise<ProfileInfo[]> {
    const raw = await this.call({ RequestType: 'GetProfileList' }, 'DEVICE_REFUSED');
    return toProfileInfos(parseReply(profileListSchema, raw, { udid: this.udid, what: 'profile list' }));
  }

  /** Interactive install: on an unsupervised device the user confirms it in Settings. */
  async installProfile(payload: Buffer): Promise<void> {
    await this.call({ RequestType: 'InstallProfile', Payload: payload }, 'PROFILE_REJECTED', LONG_MS);
  }

  /** Silent install: needs a supervised device and escalate() on this connection first. */
  async installProfileSilent(payload: Buffer): Promise<void> {
    await this.call({ RequestType: 'InstallProfileSilent', Payload: payload }, 'PROFILE_REJECTED', LONG_MS);
  }

  /**
   * Removes by identifier. Sends pymobiledevice3's form (an XML plist naming identifier, UUID and
   * version, §4.5) when the profile is listed, else the plain identifier string (go-ios).
   */
  async removeProfile(identifier: string): Promise<void> {
    const known = (await this.getProfileList()).find((p) => p.identifier === identifier);
    const ProfileIdentifier =
      known?.uuid !== undefined
        ? Buffer.from(toXml({ PayloadType: 'Configuration', PayloadIdentifier: identifier, PayloadUUID: known.uuid, PayloadVersion: known.version ?? 1 }))
        : identifier;
    await this.call({ RequestType: 'RemoveProfile', ProfileIdentifier }, 'DEVICE_REFUSED');
  }

  /** The stored cloud configuration, or null when none is set. */
  async getCloudConfiguration(): Promise<Record<string, unknown> | null> {
    const raw = await this.call({ RequestType: 'GetCloudConfiguration' }, 'DEVICE_REFUSED');
    return parseReply(cloudConfigurationReplySchema, raw, { udid: this.udid, what: 'cloud configuration' }).CloudConfiguration ?? null;
  }

  async setCloudConfiguration(config: Record<string, unknown>): Promise<void> {
    await this.call({ RequestType: 'SetCloudConfiguration', CloudConfiguration: config }, 'DEVICE_REFUSED');
  }

  /** Supervises the device with the station's supervision certificate (Configurator-style prepare). */
  async supervise(options: SuperviseOptions): Promise<void> {
    await this.setCloudConfiguration(buildCloudConfiguration(options));
  }

  /** Keeps a profile for Setup Assistant to install when it finishes (e.g. MDM enrollment). */
  async storeProfile(payload: Buffer, purpose = 'PostSetupInstallation'): Promise<void> {
    await this.call({ RequestType: 'StoreProfile', ProfileData: payload, Purpose: purpose }, 'PROFILE_REJECTED');
  }

  async getStoredProfile(purpose = 'PostSetupInstallation'): Promise<Buffer | null> {
    const raw = await this.call({ RequestType: 'GetStoredProfile', Purpose: purpose }, 'DEVICE_REFUSED');
    return parseReply(storedProfileReplySchema, raw, { udid: this.udid, what: 'stored profile' }).ProfileData ?? null;
  }

  /**
   * Erase All Content and Settings. The device acknowledges, or just goes down, then detaches and
   * reboots unactivated and unpaired. Once the request is out, losing the connection means the
   * erase has begun: pymobiledevice3 (services/mobile_config.py erase_device) suppresses
   * ConnectionTerminatedError, go-ios (ios/mcinstall/erase.go) accepts io.EOF. A refusal in a
   * reply, or a failure to send, is still an error.
   */
  async eraseDevice(options: { preserveDataPlan?: boolean; disallowProximitySetup?: boolean } = {}): Promise<void> {
    const request = { RequestType: 'EraseDevice', PreserveDataPlan: options.preserveDataPlan ?? false, DisallowProximitySetup: options.disallowProximitySetup ?? false };
    const raw = await this.conn.exclusive(async () => {
      await this.conn.send(request);
      try {
        return await this.conn.receive(DEFAULT_MS);
      } catch (e) {
        // Transport-level only: a reply that arrived but does not parse is not a dropped connection.
        if (e instanceof DeviceError && ERASE_DROP_CODES.has(e.code) && (e.code === 'DEVICE_GONE' || e.cause instanceof TransportError)) return ERASE_BEGUN;
        throw e;
      }
    });
    if (raw === ERASE_BEGUN) return;
    const reply = parseReply(statusSchema, raw, { udid: this.udid, what: 'MCInstall EraseDevice reply' });
    if (reply.Status !== 'Acknowledged') throw fromMcInstallReply(reply, 'EraseDevice', 'DEVICE_REFUSED', this.udid);
  }

  /** SecurityInfo (escalated connections only): PasscodePresent answers "has a passcode", go-ios ios/mcinstall/mcinstall.go. */
  async securityInfo(): Promise<SecurityInfo> {
    const raw = await this.call({ RequestType: 'SecurityInfo' }, 'NOT_SUPERVISED');
    return parseReply(securityInfoReplySchema, raw, { udid: this.udid, what: 'security info' }).SecurityInfo;
  }

  /**
   * Escalate → sign the challenge → EscalateResponse → ProceedWithKeybagMigration (§4.7).
   * `certificate` must be byte-identical to one of the cloud configuration's SupervisorHostCertificates.
   */
  async escalate(certificate: Buffer, sign: ChallengeSigner): Promise<void> {
    this.escalationSent = true;
    const raw = await this.call({ RequestType: 'Escalate', SupervisorCertificate: certificate }, 'NOT_SUPERVISED');
    const { Challenge } = parseReply(challengeReplySchema, raw, { udid: this.udid, what: 'escalation challenge' });
    const signed = await sign(Challenge);
    await this.call({ RequestType: 'EscalateResponse', SignedRequest: signed }, 'ESCALATION_REJECTED');
    await this.call({ RequestType: 'ProceedWithKeybagMigration' }, 'ESCALATION_REJECTED', LONG_MS);
  }

  /** Wallpaper through MCInstall Settings (supervised + escalated). */
  async setWallpaper(image: Buffer, where: WallpaperWhere = 'both'): Promise<void> {
    const raw = await this.call({ RequestType: 'Settings', Settings: [{ Item: 'Wallpaper', Where: WHERE[where], Image: image }] }, 'NOT_SUPERVISED');
    checkSettingsItems(raw, ['Wallpaper'], this.udid);
  }
}
