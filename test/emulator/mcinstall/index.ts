/**
 * The MCInstall service of the virtual cart (docs/device-protocols.md §4). One session per connection,
 * as mc_mobile_tunnel keeps one parser per connection: the unsupervised tunnel parser
 * (MTIPCUTunnelParser) until a verified EscalateResponse, then the supervised Chaperone parser,
 * which falls back to the tunnel parser for requests it does not know.
 */
import type { CreateMcInstallSession, McInstallDevice, McInstallHost, McInstallSession } from './contract.js';
import { getCloudConfiguration, setCloudConfiguration } from './cloud-config.js';
import { Escalation } from './escalation.js';
import type { Dict } from './plist-data.js';
import {
  getProfileList, getStoredProfile, installProfileInteractive, installProfileSilent, removeProfileCommand, storeProfile,
} from './profile-commands.js';
import { Status, acknowledged, withStatus, type Reply } from './reply.js';
import { PasscodeCommands, applySettings, deviceConfigured, securityInfo } from './supervised-commands.js';
import {
  downloadAndApplyCloudConfiguration, eraseDevice, establishProvisionalEnrollment, setWiFiPowerState,
} from './tunnel-commands.js';

export { verifyCmsSignature } from './cms-verify.js';
export {
  SETUP_COMPLETED_RECORD, completeSetupAssistant, eraseMcInstallState, installStoredProfile, isSupervised, organizationName, profileIdentifiers, supervisorCertificates,
} from './device-state.js';
export type * from './contract.js';

type Handler = (request: Dict) => Reply;

class Session implements McInstallSession {
  private readonly escalation = new Escalation();
  private readonly passcode = new PasscodeCommands();
  private readonly tunnel: Record<string, Handler>;
  private readonly chaperone: Record<string, Handler>;

  constructor(private readonly device: McInstallDevice, private readonly host: McInstallHost) {
    const d = device;
    this.tunnel = {
      HelloHostIdentifier: () => acknowledged(),
      Flush: () => acknowledged(),
      GetProfileList: () => getProfileList(d),
      InstallProfile: (r) => installProfileInteractive(d, r),
      RemoveProfile: (r) => removeProfileCommand(d, r),
      StoreProfile: (r) => storeProfile(d, r),
      GetStoredProfile: (r) => getStoredProfile(d, r),
      GetCloudConfiguration: () => getCloudConfiguration(d),
      SetCloudConfiguration: (r) => setCloudConfiguration(d, host, r),
      DownloadAndApplyCloudConfiguration: () => downloadAndApplyCloudConfiguration(d),
      PollMDMIfNetworkTethered: () => acknowledged(),
      Escalate: (r) => this.escalation.escalate(d, r),
      EscalateResponse: (r) => this.escalation.respond(r),
      EstablishProvisionalEnrollment: (r) => establishProvisionalEnrollment(d, r),
      EraseDevice: (r) => this.erase(r),
      SetWiFiPowerState: (r) => setWiFiPowerState(d, r),
      // Configurator's per-host identity needs IPCUIdentifier plus a keychain; answered as a
      // device without one does.
      GetEncryptionKey: () => withStatus(Status.commandFormatError),
      SetCertificate: () => withStatus(Status.commandFormatError),
      // MDMAbstractTunnelParser's only own command.
      Disconnect: () => acknowledged(),
    };
    this.chaperone = {
      ProceedWithKeybagMigration: () => acknowledged(),
      InstallProfileSilent: (r) => installProfileSilent(d, r),
      // Escalated installs go through MDM, which needs no user.
      InstallProfile: (r) => installProfileSilent(d, r),
      RequestUnlockToken: () => this.passcode.requestUnlockToken(d),
      ClearPasscode: (r) => this.passcode.clearPasscode(d, r),
      SecurityInfo: () => securityInfo(d),
      Settings: (r) => applySettings(d, r),
      DeviceConfigured: () => deviceConfigured(d),
      ClearRestrictionsPassword: () => acknowledged(),
      DefaultMDMOptions: () => acknowledged({ DefaultMDMOptions: {} }),
      SetDefaultMDMOptions: () => acknowledged(),
    };
  }

  async handle(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    const type = request.RequestType;
    const name = typeof type === 'string' ? type : '(none)';
    this.device.counters[name] = (this.device.counters[name] ?? 0) + 1;
    if (typeof type !== 'string') return withStatus(Status.commandFormatError);
    const handler = (this.escalation.escalated ? this.chaperone[type] : undefined) ?? this.tunnel[type];
    if (!handler) return withStatus(Status.commandFormatError);
    try {
      return handler(request);
    } catch {
      // A request shape nobody anticipated must not take the daemon down.
      return withStatus(Status.commandFormatError);
    }
  }

  private erase(request: Dict): Reply {
    const reply = eraseDevice(this.device, this.host, request);
    // The connection is going away with the device; nothing escalated survives an erase.
    if (reply.Status === Status.acknowledged) this.escalation.escalated = false;
    return reply;
  }
}

export const createMcInstallSession: CreateMcInstallSession = (device, host) => new Session(device, host);
