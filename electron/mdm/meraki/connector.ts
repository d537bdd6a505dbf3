import type { z } from 'zod';
import type { MdmConnector, StagedReport } from '../connector.js';
import { MdmError, NotSupportedError } from '../errors.js';
import { HttpClient, parseLinkHeader, type QueryValue } from '../http.js';
import type { ConnectorDeps } from '../ws1/connector.js';
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
import { merakiSchemas, parseMerakiError, type MerakiSmDevice, type MerakiSmUser } from './schemas.js';
import { TAG_AVAILABLE, TAG_OUT, USER_TAG_PREFIX, checkedOutTo, tagsOf, userTag } from './tags.js';

export interface MerakiConfig {
  /** Defaults to https://api.meraki.com/api/v1. */
  url?: string;
  apiKey: string;
  networkId: string;
}

export const MERAKI_DEFAULT_URL = 'https://api.meraki.com/api/v1';
const LABEL = 'Meraki Dashboard';
const MAX_PAGES = 100;
// The Dashboard API's only lock (POST /networks/{id}/sm/devices/lock, v1.42) takes device ids and a
// macOS PIN, nothing for the lock screen: a plain screen lock that the device passcode (or none, on
// a shared device) undoes. Calling that "lost mode" would pretend, so the station says so instead.
const NO_LOST_MODE =
  "Meraki's Dashboard API has no lost-mode command: its Systems Manager lock only locks the screen, shows no message or phone number, and the device passcode undoes it. The device is marked lost on the station; turn on lost mode for it in the Meraki Dashboard.";
const DEVICE_FIELDS = ['serialNumber', 'name', 'tags', 'imei', 'ownerUsername', 'ownerEmail', 'isSupervised', 'isManaged', 'lastConnected'];

/** Meraki Systems Manager over the Dashboard API v1 (endpoints: docs/mdm-apis.md §0 and §3). */
export class MerakiConnector implements MdmConnector {
  readonly kind = 'meraki' as const;
  private readonly http: HttpClient;
  private readonly base: string;

  constructor(
    private readonly config: MerakiConfig,
    deps: ConnectorDeps = {},
  ) {
    this.base = (config.url ?? MERAKI_DEFAULT_URL).replace(/\/+$/, '');
    this.http = new HttpClient({
      label: LABEL,
      baseUrl: this.base,
      parseError: parseMerakiError,
      // The Dashboard's org-wide limit is ~10 req/s: 429 is routine, so allow more patient retries.
      retries: 5,
      authHeaders: async () => ({ authorization: `Bearer ${config.apiKey}` }),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...deps.http,
    });
  }

  private get net(): string {
    return `/networks/${encodeURIComponent(this.config.networkId)}`;
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionReport> {
    const checks: ConnectionReport['checks'] = [];
    try {
      const { data } = await this.http.request({ method: 'GET', path: this.net, schema: merakiSchemas().merakiNetwork, ...(signal ? { signal } : {}) });
      const sm = data.productTypes?.includes('systemsManager') ?? false;
      checks.push({ name: 'network', ok: true, detail: `network ${data.name ?? this.config.networkId} (organization ${data.organizationId ?? '?'})` });
      checks.push({ name: 'systems manager', ok: sm, detail: sm ? 'the network includes Systems Manager' : 'the network has no Systems Manager product' });
    } catch (error) {
      checks.push({ name: 'network', ok: false, detail: error instanceof MdmError ? error.describe() : (error as Error).message });
    }
    return { ok: checks.every((c) => c.ok), connector: this.kind, checks };
  }

  async listUsers(signal?: AbortSignal): Promise<MdmUser[]> {
    const { data } = await this.http.request({ method: 'GET', path: `${this.net}/sm/users`, schema: merakiSchemas().merakiSmUsers, ...(signal ? { signal } : {}) });
    return data.map(toUser);
  }

  /** Owners are read-only in the Dashboard API and filtered exactly, so search is done here. */
  async searchUsers(query: string, signal?: AbortSignal): Promise<MdmUser[]> {
    const q = query.trim().toLowerCase();
    return (await this.listUsers(signal)).filter((u) => [u.name, u.username, u.email].some((f) => f?.toLowerCase().includes(q)));
  }

  async getUser(id: string, signal?: AbortSignal): Promise<MdmUser | undefined> {
    const { data } = await this.http.request({ method: 'GET', path: `${this.net}/sm/users`, query: { 'ids[]': [id] }, schema: merakiSchemas().merakiSmUsers, ...(signal ? { signal } : {}) });
    const hit = data.find((u) => u.id === id) ?? (data.length === 1 ? data[0] : undefined);
    return hit ? toUser(hit) : undefined;
  }

  async getDeviceBySerial(serial: string, signal?: AbortSignal): Promise<MdmDevice | undefined> {
    const { data } = await this.http.request({
      method: 'GET',
      path: `${this.net}/sm/devices`,
      query: { 'serials[]': [serial], 'fields[]': DEVICE_FIELDS },
      schema: merakiSchemas().merakiSmDevices,
      ...(signal ? { signal } : {}),
    });
    const wanted = serial.trim().toUpperCase();
    const hit = data.find((d) => d.serialNumber?.toUpperCase() === wanted) ?? (data.length === 1 ? data[0] : undefined);
    return hit ? toDevice(hit, serial) : undefined;
  }

  /** Every SM device of the network, following the Link header's `next` page (bounded). */
  async listDevices(signal?: AbortSignal): Promise<MdmDevice[]> {
    const rows = await this.pages(`${this.net}/sm/devices`, { 'fields[]': DEVICE_FIELDS, perPage: 1000 }, merakiSchemas().merakiSmDevices, signal);
    return rows.map((d) => toDevice(d, d.serialNumber ?? ''));
  }

  async registerDevice(_request: RegisterDeviceRequest): Promise<CallOutcome> {
    throw new NotSupportedError(
      this.kind,
      'registerDevice',
      "Meraki's Dashboard API cannot assign a device owner: the owner is set when the user enrolls (or in Dashboard). Use a Multi User check-out, which the station records as device tags.",
    );
  }

  async checkOut(request: CheckOutRequest, ctx: CallContext = {}): Promise<CallOutcome> {
    const owner = await this.getUser(request.userId, ctx.signal);
    // Owners from some identity sources have an email but an empty username.
    const handle = owner?.username || owner?.email;
    if (!handle) throw new MdmError('MDM_REJECTED', `Meraki has no owner with id ${request.userId}`, { retryable: false });
    const device = await this.requireDevice(request.serial, ctx.signal);
    const wanted = userTag(handle);
    if (device.tags.includes(TAG_OUT) && device.tags.includes(wanted)) return { status: 'already' };
    const stale = device.tags.filter((t) => (t.startsWith(USER_TAG_PREFIX) && t !== wanted) || t === TAG_AVAILABLE);
    if (stale.length) await this.modifyTags(request.serial, stale, 'delete', ctx.signal);
    await this.modifyTags(request.serial, [TAG_OUT, wanted], 'add', ctx.signal);
    return { status: 'applied' };
  }

  async checkIn(serial: string, ctx: CallContext = {}): Promise<CallOutcome> {
    const device = await this.requireDevice(serial, ctx.signal);
    const stale = device.tags.filter((t) => t === TAG_OUT || t.startsWith(USER_TAG_PREFIX));
    if (stale.length === 0 && device.tags.includes(TAG_AVAILABLE)) return { status: 'already' };
    if (stale.length) await this.modifyTags(serial, stale, 'delete', ctx.signal);
    await this.modifyTags(serial, [TAG_AVAILABLE], 'add', ctx.signal);
    return { status: 'applied' };
  }

  async wipe(serial: string, kind: WipeKind, ctx: CallContext = {}): Promise<CallOutcome> {
    const signal = ctx.signal ? { signal: ctx.signal } : {};
    if (kind === 'device') {
      await this.http.request({ method: 'POST', path: `${this.net}/sm/devices/wipe`, json: { serial }, schema: merakiSchemas().merakiAnything, ...signal });
      return { status: 'applied' };
    }
    // Unenrolling removes the MDM profile and what it installed: Meraki's enterprise wipe.
    const device = await this.getDeviceBySerial(serial, ctx.signal);
    if (!device) {
      if (ctx.redelivery) return { status: 'already', detail: 'the device is no longer in the network' };
      throw new MdmError('NOT_FOUND', `Meraki has no Systems Manager device with serial number ${serial}`, { retryable: false });
    }
    await this.http.request({ method: 'POST', path: `${this.net}/sm/devices/${encodeURIComponent(device.id)}/unenroll`, schema: merakiSchemas().merakiAnything, ...signal });
    return { status: 'applied' };
  }

  async moveDevice(serial: string, network: string, ctx: CallContext = {}): Promise<CallOutcome> {
    if (ctx.redelivery && !(await this.getDeviceBySerial(serial, ctx.signal))) return { status: 'already', detail: 'the device has left this network' };
    await this.http.request({ method: 'POST', path: `${this.net}/sm/devices/move`, json: { serials: [serial], newNetwork: network }, schema: merakiSchemas().merakiAnything, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    return { status: 'applied' };
  }

  async reportStaged(report: StagedReport, ctx: CallContext = {}): Promise<CallOutcome> {
    if (!report.serial) return { status: 'deferred', detail: 'no serial number to report' };
    const device = await this.getDeviceBySerial(report.serial, ctx.signal);
    if (!device) return { status: 'deferred', detail: 'not enrolled in Systems Manager yet; the sync loop will confirm enrollment' };
    const notes = `Staged by Cartwright${report.blueprint ? ` with blueprint ${report.blueprint}` : ''}${report.user ? ` for ${report.user}` : ''}`;
    // Setting fields is "make it so": repeating it is harmless.
    await this.http.request({
      method: 'PUT',
      path: `${this.net}/sm/devices/fields`,
      json: { serial: report.serial, deviceFields: { ...(report.name ? { name: report.name } : {}), notes } },
      schema: merakiSchemas().merakiAnything,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    return { status: 'applied' };
  }

  lostModeSupport(): Support {
    return { supported: false, reason: NO_LOST_MODE };
  }

  async enableLostMode(_serial: string, _notice: LostModeNotice): Promise<CallOutcome> {
    throw new NotSupportedError(this.kind, 'enableLostMode', NO_LOST_MODE);
  }

  async disableLostMode(_serial: string): Promise<CallOutcome> {
    throw new NotSupportedError(this.kind, 'disableLostMode', NO_LOST_MODE);
  }

  async enrollmentInfo(_userId?: string, signal?: AbortSignal): Promise<EnrollmentInfo> {
    const { data } = await this.http.request({ method: 'GET', path: this.net, schema: merakiSchemas().merakiNetwork, ...(signal ? { signal } : {}) });
    if (!data.enrollmentString) throw new NotSupportedError(this.kind, 'enrollmentInfo', `Meraki network ${this.config.networkId} has no enrollment string; set one in Dashboard (Systems Manager > Add devices).`);
    return { token: data.enrollmentString, url: 'https://m.meraki.com', note: 'Open m.meraki.com on the device and enter this network ID (enrollment string).' };
  }

  async adeFacts(_serial?: string): Promise<AdeFacts> {
    throw new NotSupportedError(this.kind, 'adeFacts', "Meraki's Dashboard API does not expose ADE (DEP) assignments; check the serial in Apple Business Manager, or compare exports with `cartwright ade reconcile`.");
  }

  async vppFacts(signal?: AbortSignal): Promise<VppFacts> {
    const { data: network } = await this.http.request({ method: 'GET', path: this.net, schema: merakiSchemas().merakiNetwork, ...(signal ? { signal } : {}) });
    if (!network.organizationId) throw new MdmError('MDM_REJECTED', 'Meraki did not say which organization the network belongs to');
    const { data } = await this.http.request({ method: 'GET', path: `/organizations/${encodeURIComponent(network.organizationId)}/sm/vppAccounts`, schema: merakiSchemas().merakiVppAccounts, ...(signal ? { signal } : {}) });
    // The Dashboard API lists VPP accounts but no licence counts or assignments.
    return { apps: [], tokens: data.map((a) => ({ name: a.name ?? a.vppAccountId ?? a.id ?? '?', expiresAt: null })) };
  }

  private async modifyTags(serial: string, tags: string[], updateAction: 'add' | 'delete', signal?: AbortSignal): Promise<void> {
    // add/delete of named tags converges when repeated, so it is safe to retry.
    await this.http.request({ method: 'POST', path: `${this.net}/sm/devices/modifyTags`, json: { serials: [serial], tags, updateAction }, schema: merakiSchemas().merakiAnything, idempotent: true, ...(signal ? { signal } : {}) });
  }

  private async requireDevice(serial: string, signal?: AbortSignal): Promise<MdmDevice> {
    const device = await this.getDeviceBySerial(serial, signal);
    if (!device) throw new MdmError('NOT_FOUND', `Meraki has no Systems Manager device with serial number ${serial}; is it enrolled?`, { retryable: false });
    return device;
  }

  private async pages<T>(path: string, query: Record<string, QueryValue>, schema: z.ZodType<T[]>, signal?: AbortSignal): Promise<T[]> {
    const rows: T[] = [];
    let next: string | undefined = path;
    let first = true;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const res: { data: T[]; headers: Headers } = await this.http.request({ method: 'GET', path: next, ...(first ? { query } : {}), schema, ...(signal ? { signal } : {}) });
      rows.push(...res.data);
      first = false;
      const link = parseLinkHeader(res.headers.get('link')).next;
      // Only follow links back to the same API origin: the key must never go elsewhere.
      next = link && link.startsWith(new URL(this.base).origin) ? link : undefined;
    }
    return rows;
  }
}

function toUser(u: MerakiSmUser): MdmUser {
  return { id: u.id, username: u.username || null, name: u.fullName || u.displayName || u.username || u.email || u.id, email: u.email ?? null, groups: tagsOf(u.tags) };
}

function toDevice(d: MerakiSmDevice, serial: string): MdmDevice {
  const tags = tagsOf(d.tags);
  const out = checkedOutTo(tags);
  return {
    id: d.id,
    serial: d.serialNumber ?? serial,
    udid: d.uuid ?? null,
    imei: d.imei ?? null,
    name: d.name ?? null,
    username: out ?? d.ownerUsername ?? null,
    userId: null,
    // Listed in the SM network means enrolled, unless Meraki says it is no longer managed.
    enrollment: d.isManaged === false ? 'unenrolled' : 'enrolled',
    enrollmentStatus: d.isManaged === undefined || d.isManaged === null ? null : d.isManaged ? 'managed' : 'unmanaged',
    supervised: d.isSupervised ?? null,
    enrolledViaAde: null,
    group: null,
    tags,
  };
}
