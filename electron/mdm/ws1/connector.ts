import type { MdmConnector, StagedReport } from '../connector.js';
import { MdmError, NotSupportedError } from '../errors.js';
import { HttpClient, type HttpClientOptions } from '../http.js';
import type { Logger } from '../logger.js';
import type {
  AdeFacts,
  CallContext,
  CallOutcome,
  CheckOutRequest,
  ConnectionReport,
  EnrollmentInfo,
  LostModeNotice,
  MdmDevice,
  MdmUser,
  RegisterDeviceRequest,
  Support,
  VppFacts,
  WipeKind,
} from '../types.js';
import { Ws1Credentials, type Ws1Auth } from './auth.js';
import { parseWs1Error, WS1_DUPLICATE_CODES, WS1_LOST_MODE_ALREADY } from './errors.js';
import { toMdmDevice, toMdmUser } from './mapping.js';
import { ws1Schemas } from './schemas.js';

export interface Ws1Config {
  /** The API host, e.g. https://as1831.awmdm.com (paths under /API are added here). */
  url: string;
  auth: Ws1Auth;
  /** Organization group "Group ID" (the activation code), e.g. "ACME-STAGING". */
  og?: string;
  /** The staging enrollment user; Multi User check-in returns devices to it. */
  stagingUser?: string;
}

export interface ConnectorDeps {
  logger?: Logger;
  http?: Partial<HttpClientOptions>;
}

// WS1 versions by media type. v1 goes out as plain application/json: a third-party client reports
// the WS1 gateway answering 503 to ";version=1" (docs/mdm-apis.md §2.1), and the API defaults to v1.
const V1 = { accept: 'application/json' };
const V2 = { accept: 'application/json;version=2' };
const LABEL = 'Workspace ONE';
const MAX_USER_PAGES = 200;

interface Group {
  id: string;
  uuid: string | null;
  name: string | null;
}

/** Workspace ONE UEM over its REST API (endpoints per flow: docs/mdm-apis.md §0). */
export class WorkspaceOneConnector implements MdmConnector {
  readonly kind = 'workspace-one' as const;
  private readonly http: HttpClient;
  private readonly credentials: Ws1Credentials;
  private readonly groups = new Map<string, Promise<Group>>();
  private stagingUserId: Promise<MdmUser> | undefined;

  constructor(
    private readonly config: Ws1Config,
    deps: ConnectorDeps = {},
  ) {
    const base = { label: LABEL, parseError: parseWs1Error, ...(deps.logger ? { logger: deps.logger } : {}), ...deps.http };
    this.credentials = new Ws1Credentials(config.auth, new HttpClient({ ...base, baseUrl: config.url }));
    this.http = new HttpClient({
      ...base,
      baseUrl: `${config.url.replace(/\/+$/, '')}/API`,
      authHeaders: () => this.credentials.headers(),
      onUnauthorized: () => this.credentials.invalidate(),
    });
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionReport> {
    const checks: ConnectionReport['checks'] = [];
    const step = async (name: string, fn: () => Promise<string>): Promise<void> => {
      try {
        checks.push({ name, ok: true, detail: await fn() });
      } catch (error) {
        checks.push({ name, ok: false, detail: error instanceof MdmError ? error.describe() : (error as Error).message });
      }
    };
    await step('credentials', async () => {
      await this.http.request({ method: 'GET', path: '/system/users/search', query: { pagesize: 1 }, headers: V1, schema: ws1Schemas().ws1UserSearch, ...(signal ? { signal } : {}) });
      return 'the API accepted the credentials';
    });
    if (this.config.og) await step('organization group', async () => {
      const g = await this.group(this.config.og as string, signal);
      return `organization group ${this.config.og} is ${g.name ?? '?'} (id ${g.id})`;
    });
    if (this.config.stagingUser) await step('staging user', async () => {
      const u = await this.stagingUser(signal);
      if (!u.staging?.enabled) throw new MdmError('MDM_REJECTED', `user ${u.username} is not enabled for device staging (DeviceStagingEnabled is false)`);
      return `staging user ${u.username} has DeviceStagingType ${u.staging.type ?? 'unknown'}`;
    });
    return { ok: checks.every((c) => c.ok), connector: this.kind, checks };
  }

  async searchUsers(query: string, signal?: AbortSignal): Promise<MdmUser[]> {
    const key = query.includes('@') ? 'email' : 'username';
    const { data } = await this.http.request({ method: 'GET', path: '/system/users/search', query: { [key]: query.trim() }, headers: V1, schema: ws1Schemas().ws1UserSearch, ...(signal ? { signal } : {}) });
    return (data?.Users ?? []).map(toMdmUser).filter((u): u is MdmUser => u !== undefined);
  }

  async getUser(id: string, signal?: AbortSignal): Promise<MdmUser | undefined> {
    try {
      const { data } = await this.http.request({ method: 'GET', path: `/system/users/${encodeURIComponent(id)}`, headers: V1, schema: ws1Schemas().ws1User, ...(signal ? { signal } : {}) });
      return toMdmUser(data);
    } catch (error) {
      if (error instanceof MdmError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  async listUsers(signal?: AbortSignal): Promise<MdmUser[]> {
    const og = this.config.og ? await this.group(this.config.og, signal) : undefined;
    const users: MdmUser[] = [];
    for (let page = 0; page < MAX_USER_PAGES; page++) {
      const { data } = await this.http.request({
        method: 'GET',
        path: '/system/users/search',
        query: { locationgroupId: og?.id, page, pagesize: 500, status: 'Active' },
        headers: V1,
        schema: ws1Schemas().ws1UserSearch,
        ...(signal ? { signal } : {}),
      });
      const batch = data?.Users ?? [];
      users.push(...batch.map(toMdmUser).filter((u): u is MdmUser => u !== undefined));
      if (batch.length === 0 || batch.length < (data?.PageSize ?? 500) || users.length >= (data?.Total ?? 0)) break;
    }
    return users;
  }

  async getDeviceBySerial(serial: string, signal?: AbortSignal): Promise<MdmDevice | undefined> {
    try {
      const { data } = await this.http.request({ method: 'GET', path: '/mdm/devices', query: { searchby: 'Serialnumber', id: serial }, headers: V1, schema: ws1Schemas().ws1Device, ...(signal ? { signal } : {}) });
      return toMdmDevice(data, serial);
    } catch (error) {
      if (error instanceof MdmError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  async registerDevice(request: RegisterDeviceRequest, ctx: CallContext = {}): Promise<CallOutcome> {
    const og = this.config.og ? await this.group(this.config.og, ctx.signal) : undefined;
    try {
      await this.http.request({
        method: 'POST',
        path: `/system/users/${encodeURIComponent(request.userId)}/registerdevice`,
        headers: V1,
        json: {
          SerialNumber: request.serial,
          ...(request.imei ? { Imei: request.imei } : {}),
          FriendlyName: request.friendlyName ?? request.serial,
          Ownership: 'C',
          ...(og ? { LocationGroupId: Number(og.id) } : {}),
          MessageType: 'None',
        },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      return { status: 'applied' };
    } catch (error) {
      // A redelivery after a lost answer meets its own earlier registration as a duplicate.
      if (ctx.redelivery && error instanceof MdmError && WS1_DUPLICATE_CODES.has(Number(error.vendor?.errorCode))) return { status: 'already', detail: error.message };
      throw error;
    }
  }

  async checkOut(request: CheckOutRequest, ctx: CallContext = {}): Promise<CallOutcome> {
    const device = await this.requireDevice(request.serial, ctx.signal);
    if (ctx.redelivery && device.userId === request.userId) return { status: 'already' };
    await this.setEnrollmentUser(device.id, request.userId, ctx.signal);
    return { status: 'applied' };
  }

  async checkIn(serial: string, ctx: CallContext = {}): Promise<CallOutcome> {
    const staging = await this.stagingUser(ctx.signal);
    const device = await this.requireDevice(serial, ctx.signal);
    if (ctx.redelivery && device.userId === staging.id) return { status: 'already' };
    await this.setEnrollmentUser(device.id, staging.id, ctx.signal);
    return { status: 'applied' };
  }

  async wipe(serial: string, kind: WipeKind, ctx: CallContext = {}): Promise<CallOutcome> {
    const device = await this.requireDevice(serial, ctx.signal);
    // WS1 marks a wiped device "EnterpriseWipePending"/"DeviceWipePending": an earlier attempt got through.
    if (ctx.redelivery && /wipe/i.test(device.enrollmentStatus ?? '')) return { status: 'already', detail: device.enrollmentStatus ?? undefined };
    const command = kind === 'device' ? 'DeviceWipe' : 'EnterpriseWipe';
    await this.http.request({ method: 'POST', path: `/mdm/devices/${device.id}/commands`, query: { command }, headers: V1, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    return { status: 'applied' };
  }

  async moveDevice(serial: string, groupId: string, ctx: CallContext = {}): Promise<CallOutcome> {
    const [device, group] = await Promise.all([this.requireDevice(serial, ctx.signal), this.group(groupId, ctx.signal)]);
    if (ctx.redelivery && device.group !== null && device.group === group.name) return { status: 'already' };
    await this.http.request({ method: 'PUT', path: `/mdm/devices/${device.id}/commands/changeorganizationgroup/${group.id}`, headers: V1, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    return { status: 'applied' };
  }

  async reportStaged(report: StagedReport, ctx: CallContext = {}): Promise<CallOutcome> {
    if (!report.serial) return { status: 'deferred', detail: 'no serial number to report' };
    const device = await this.getDeviceBySerial(report.serial, ctx.signal);
    // Post-setup enrollment happens after the device leaves the cart: the sync loop confirms it later.
    if (!device) return { status: 'deferred', detail: 'not enrolled in Workspace ONE yet; the sync loop will confirm enrollment' };
    if (!report.name || device.name === report.name) return { status: 'already' };
    // By numeric id: the edit-by-alternate-id variant declares its `id` query as an integer, so a serial cannot go there.
    await this.http.request({ method: 'PUT', path: `/mdm/devices/${device.id}`, headers: V1, json: { DeviceFriendlyName: report.name }, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    return { status: 'applied' };
  }

  lostModeSupport(): Support {
    return { supported: true };
  }

  async enableLostMode(serial: string, notice: LostModeNotice, ctx: CallContext = {}): Promise<CallOutcome> {
    const body = { message: notice.message, ...(notice.phone ? { phone_number: notice.phone } : {}), ...(notice.footnote ? { footnote: notice.footnote } : {}) };
    return this.setLostMode(serial, true, body, ctx);
  }

  async disableLostMode(serial: string, ctx: CallContext = {}): Promise<CallOutcome> {
    return this.setLostMode(serial, false, undefined, ctx);
  }

  async enrollmentInfo(_userId?: string): Promise<EnrollmentInfo> {
    throw new NotSupportedError(
      this.kind,
      'enrollmentInfo',
      `Workspace ONE's API offers no enrollment profile for USB staging: enroll with Intelligent Hub using the server URL and Group ID${this.config.og ? ` ${this.config.og}` : ''} and the staging user's credentials, or through ADE.`,
    );
  }

  async adeFacts(serial: string, signal?: AbortSignal): Promise<AdeFacts> {
    if (!this.config.og) throw new MdmError('INVALID_INPUT', 'ADE facts need the organization group that holds the ADE token: cartwright mdm configure --og GROUP_ID');
    const og = await this.group(this.config.og, signal);
    if (!og.uuid) throw new MdmError('MDM_REJECTED', `organization group ${this.config.og} has no UUID in Workspace ONE's answer`);
    let list;
    try {
      ({ data: list } = await this.http.request({ method: 'GET', path: `/mdm/dep/groups/${og.uuid}/devices`, headers: V1, schema: ws1Schemas().ws1DepDevices, ...(signal ? { signal } : {}) }));
    } catch (error) {
      // 404 5053: no ADE account at this OG, so nothing is ADE-assigned through it.
      if (error instanceof MdmError && error.code === 'NOT_FOUND') return { serial, assigned: false, server: null, profileName: null, profileUuid: null, profileStatus: null };
      throw error;
    }
    const wanted = serial.trim().toUpperCase();
    const hit = (list ?? []).find((d) => d.deviceSerialNumber?.trim().toUpperCase() === wanted);
    return {
      serial,
      assigned: hit !== undefined,
      server: hit ? (hit.organizationGroupName ?? og.name) : null,
      profileName: hit?.profileName ?? null,
      profileUuid: hit?.profileUuid ?? null,
      profileStatus: hit?.enrollmentStatus ?? null,
    };
  }

  async vppFacts(signal?: AbortSignal): Promise<VppFacts> {
    const og = this.config.og ? await this.group(this.config.og, signal) : undefined;
    const { data } = await this.http.request({ method: 'GET', path: '/mam/apps/purchased/search', query: { locationgroupid: og?.id, pagesize: 500 }, headers: V1, schema: ws1Schemas().ws1PurchasedApps, ...(signal ? { signal } : {}) });
    return {
      apps: (data?.Application ?? []).map((a) => {
        const md = a.ManagedDistribution;
        const eligibility = md?.AppLicenseEligibility?.toLowerCase() ?? '';
        return {
          name: a.ApplicationName ?? a.BundleId ?? '?',
          bundleId: a.BundleId ?? null,
          adamId: a.ExternalId ?? null,
          assignmentModel: eligibility.includes('device') ? 'device' : eligibility.includes('user') ? 'user' : 'unknown',
          purchased: md?.Purchased ?? null,
          assigned: md?.Burned ?? null,
          available: md?.Available ?? null,
        };
      }),
      tokens: [],
    };
  }

  /**
   * LostModeV1 (`PUT /api/mdm/devices/{uuid}/lostmode/{true|false}`, mdmv1.json): the by-id command
   * endpoint has no lost-mode command, and this one takes the device UUID, not the numeric id.
   */
  private async setLostMode(serial: string, enable: boolean, body: Record<string, string> | undefined, ctx: CallContext): Promise<CallOutcome> {
    const device = await this.requireDevice(serial, ctx.signal);
    if (!device.uuid) throw new MdmError('MDM_REJECTED', `Workspace ONE gave no UUID for the device with serial number ${serial}; its lost-mode call needs one`, { retryable: false });
    try {
      // A PUT, so the HTTP helper retries it after a timeout; a repeat that got through is 8161/8162 below.
      await this.http.request({ method: 'PUT', path: `/mdm/devices/${encodeURIComponent(device.uuid)}/lostmode/${enable}`, headers: V1, ...(body ? { json: body } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
      return { status: 'applied' };
    } catch (error) {
      // A redelivery, or lost mode switched in the console meanwhile: the device is already as asked.
      if (error instanceof MdmError && Number(error.vendor?.errorCode) === WS1_LOST_MODE_ALREADY[enable ? 'on' : 'off']) return { status: 'already', detail: error.message };
      throw error;
    }
  }

  private async setEnrollmentUser(deviceId: string, userId: string, signal?: AbortSignal): Promise<void> {
    // Setting the enrollment user is a "make it so" call, so repeating it after a timeout is safe.
    await this.http.request({ method: 'PATCH', path: `/mdm/devices/${deviceId}/enrollmentuser/${encodeURIComponent(userId)}`, headers: V2, idempotent: true, ...(signal ? { signal } : {}) });
  }

  private async requireDevice(serial: string, signal?: AbortSignal): Promise<MdmDevice> {
    const device = await this.getDeviceBySerial(serial, signal);
    if (!device) throw new MdmError('NOT_FOUND', `Workspace ONE has no device with serial number ${serial}; is it enrolled?`, { retryable: false });
    return device;
  }

  private stagingUser(signal?: AbortSignal): Promise<MdmUser> {
    const name = this.config.stagingUser;
    if (!name) return Promise.reject(new MdmError('INVALID_INPUT', 'Multi User check-in returns the device to the staging user: cartwright mdm configure --staging-user NAME'));
    this.stagingUserId ??= this.searchUsers(name, signal).then((users) => {
      const user = users.find((u) => u.username?.toLowerCase() === name.toLowerCase()) ?? (users.length === 1 ? users[0] : undefined);
      if (!user) throw new MdmError('MDM_REJECTED', `Workspace ONE has no enrollment user ${name}`, { retryable: false });
      return user;
    });
    this.stagingUserId.catch(() => (this.stagingUserId = undefined));
    return this.stagingUserId;
  }

  private group(groupId: string, signal?: AbortSignal): Promise<Group> {
    let found = this.groups.get(groupId);
    if (!found) {
      found = this.http.request({ method: 'GET', path: '/system/groups/search', query: { groupid: groupId }, headers: V1, schema: ws1Schemas().ws1GroupSearch, ...(signal ? { signal } : {}) }).then(({ data }) => {
        const list = data?.LocationGroups ?? [];
        // groupid is an exact-match filter; prefer the exact GroupId if the tenant returns more.
        const hit = list.find((g) => g.GroupId?.toLowerCase() === groupId.toLowerCase()) ?? (list.length === 1 ? list[0] : undefined);
        const id = hit?.Id?.Value;
        if (!hit || id === undefined || id === null) throw new MdmError('MDM_REJECTED', `Workspace ONE has no organization group with Group ID ${groupId}`, { retryable: false });
        return { id: String(id), uuid: hit.Uuid ?? null, name: hit.Name ?? null };
      });
      found.catch(() => this.groups.delete(groupId));
      this.groups.set(groupId, found);
    }
    return found;
  }
}
