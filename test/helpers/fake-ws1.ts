import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A stateful Workspace ONE stand-in for end-to-end tests: users, organization groups and devices
 * with the field names of the vendor's documents (User, LocationGroupSearchResult, Device,
 * BaseExceptionModel), and a log of every state-changing call so a test can assert "exactly once,
 * in order per device". It can be taken down and brought back on the same port (an outage).
 */
export interface FakeUser {
  id: number;
  username: string;
  /** DisplayName (defaults to the username). */
  name?: string;
  /** The user's group (WS1 carries one, `Group`). */
  group?: string;
  stagingType?: string;
}

export interface FakeDevice {
  id: number;
  serial: string;
  userId: number;
  status: string;
  groupId: number;
  name?: string;
  lostMode?: boolean;
}

export interface FakeCall {
  op: 'register' | 'enrollmentuser' | 'command' | 'changeog' | 'edit' | 'lostmode';
  serial: string;
  arg: string;
}

export interface FakeWs1Options {
  username?: string;
  password?: string;
  tenantCode?: string;
}

export class FakeWs1 {
  readonly calls: FakeCall[] = [];
  readonly users = new Map<number, FakeUser>();
  readonly devices = new Map<string, FakeDevice>();
  readonly groups = new Map<string, { id: number; uuid: string; name: string }>();
  /** Answer the next N state-changing calls with this status (fault injection). */
  failNext: { count: number; status: number; errorCode: number; message: string } | undefined;
  private server: Server | undefined;
  private port = 0;
  private nextDeviceId = 1000;
  private readonly auth: string;
  private readonly tenantCode: string;

  constructor(options: FakeWs1Options = {}) {
    this.auth = `Basic ${Buffer.from(`${options.username ?? 'api'}:${options.password ?? 'pw'}`).toString('base64')}`;
    this.tenantCode = options.tenantCode ?? 'TENANT';
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  addDevice(serial: string, userId: number, groupId = 1): FakeDevice {
    const device = { id: this.nextDeviceId++, serial, userId, status: 'Enrolled', groupId };
    this.devices.set(serial, device);
    return device;
  }

  addGroup(groupId: string, id: number): void {
    this.groups.set(groupId, { id, uuid: randomUUID(), name: groupId });
  }

  callsFor(serial: string): string[] {
    return this.calls.filter((c) => c.serial === serial).map((c) => `${c.op}:${c.arg}`);
  }

  async up(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => (this.server as Server).listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Outage: stop listening and cut open keep-alive connections, so calls fail with ECONNREFUSED. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        this.route(req, body, res);
      } catch (error) {
        this.error(res, 500, 0, (error as Error).message);
      }
    });
  }

  private route(req: IncomingMessage, body: string, res: ServerResponse): void {
    if (req.headers.authorization !== this.auth || req.headers['aw-tenant-code'] !== this.tenantCode) return this.error(res, 401, 1005, 'Authentication failed');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.toLowerCase();
    const method = req.method ?? 'GET';
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '/api/system/users/search') {
      const name = url.searchParams.get('username')?.toLowerCase();
      const users = [...this.users.values()].filter((u) => !name || u.username.toLowerCase().includes(name)).map(userJson);
      return this.json(res, 200, { Users: users, Page: 0, PageSize: 500, Total: users.length });
    }
    if (method === 'GET' && path === '/api/system/groups/search') {
      const g = this.groups.get(url.searchParams.get('groupid') ?? '');
      return this.json(res, 200, { LocationGroups: g ? [{ Id: { Value: g.id }, Uuid: g.uuid, Name: g.name, GroupId: g.name }] : [], Total: g ? 1 : 0 });
    }
    if (method === 'GET' && path === '/api/mdm/devices') {
      const d = this.devices.get(url.searchParams.get('id') ?? '');
      return d ? this.json(res, 200, this.deviceJson(d)) : this.error(res, 404, 5002, 'Device not found');
    }
    if ((m = /^\/api\/system\/users\/(\d+)\/registerdevice$/.exec(path)) && method === 'POST') {
      if (this.injected(res)) return;
      const details = JSON.parse(body) as { SerialNumber: string };
      if (this.calls.some((c) => c.op === 'register' && c.serial === details.SerialNumber)) return this.error(res, 400, 6181, 'Found existing enrolled device record with the same attribute(s)');
      this.calls.push({ op: 'register', serial: details.SerialNumber, arg: m[1] as string });
      return this.json(res, 200, null);
    }
    if ((m = /^\/api\/mdm\/devices\/(\d+)\/enrollmentuser\/(\d+)$/.exec(path)) && method === 'PATCH') {
      if (!/version=2/.test(req.headers.accept ?? '')) return this.error(res, 404, 0, 'No v1 resource');
      const d = this.byId(Number(m[1]));
      if (!d) return this.error(res, 404, 5002, 'Device not found');
      if (!this.users.has(Number(m[2]))) return this.error(res, 404, 12, `Enrollment User ${m[2]} is not an active user`);
      if (this.injected(res)) return;
      d.userId = Number(m[2]);
      this.calls.push({ op: 'enrollmentuser', serial: d.serial, arg: m[2] as string });
      return this.json(res, 200, null);
    }
    if ((m = /^\/api\/mdm\/devices\/(\d+)\/commands$/.exec(path)) && method === 'POST') {
      const d = this.byId(Number(m[1]));
      if (!d) return this.error(res, 404, 5002, 'Device not found');
      if (this.injected(res)) return;
      const command = url.searchParams.get('command') ?? '';
      if (/wipe/i.test(command)) d.status = `${command}Pending`;
      this.calls.push({ op: 'command', serial: d.serial, arg: command });
      res.writeHead(202).end();
      return;
    }
    if ((m = /^\/api\/mdm\/devices\/(\d+)\/commands\/changeorganizationgroup\/(\d+)$/.exec(path)) && method === 'PUT') {
      const d = this.byId(Number(m[1]));
      if (!d) return this.error(res, 404, 5002, 'Device not found');
      if (this.injected(res)) return;
      d.groupId = Number(m[2]);
      this.calls.push({ op: 'changeog', serial: d.serial, arg: m[2] as string });
      res.writeHead(202).end();
      return;
    }
    if ((m = /^\/api\/mdm\/devices\/([0-9a-f-]{36})\/lostmode\/(true|false)$/.exec(path)) && method === 'PUT') {
      // LostModeV1 (mdmv1.json): by device UUID; 422 codes as the spec lists them.
      const d = [...this.devices.values()].find((x) => uuidOf(x.id) === m?.[1]);
      if (!d) return this.error(res, 404, 33, 'Device not found.');
      if (this.injected(res)) return;
      const enable = m[2] === 'true';
      if (enable) {
        const props = (body ? JSON.parse(body) : {}) as { message?: string; phone_number?: string };
        if (!props.message && !props.phone_number) return this.error(res, 422, 8157, 'Either Message or phone number is required to enable Lost Mode.');
        if (d.lostMode) return this.error(res, 422, 8161, 'Device lost mode is already enabled.');
      } else if (!d.lostMode) {
        return this.error(res, 422, 8162, 'Lost Mode is already disabled.');
      }
      d.lostMode = enable;
      this.calls.push({ op: 'lostmode', serial: d.serial, arg: enable ? 'on' : 'off' });
      res.writeHead(202).end();
      return;
    }
    if ((m = /^\/api\/mdm\/devices\/(\d+)$/.exec(path)) && method === 'PUT') {
      const d = this.byId(Number(m[1]));
      if (!d) return this.error(res, 404, 5002, 'Device not found');
      d.name = (JSON.parse(body) as { DeviceFriendlyName?: string }).DeviceFriendlyName;
      this.calls.push({ op: 'edit', serial: d.serial, arg: d.name ?? '' });
      res.writeHead(204).end();
      return;
    }
    this.error(res, 404, 0, `fake WS1 has no ${method} ${path}`);
  }

  private injected(res: ServerResponse): boolean {
    if (!this.failNext || this.failNext.count <= 0) return false;
    this.failNext.count--;
    this.error(res, this.failNext.status, this.failNext.errorCode, this.failNext.message);
    return true;
  }

  private byId(id: number): FakeDevice | undefined {
    return [...this.devices.values()].find((d) => d.id === id);
  }

  private deviceJson(d: FakeDevice): Record<string, unknown> {
    const user = this.users.get(d.userId);
    const group = [...this.groups.values()].find((g) => g.id === d.groupId);
    return {
      Id: { Value: d.id },
      Uuid: uuidOf(d.id),
      SerialNumber: d.serial,
      DeviceFriendlyName: d.name ?? `iPad ${d.serial}`,
      LocationGroupId: { Id: { Value: d.groupId }, Name: group?.name ?? 'Global' },
      LocationGroupName: group?.name ?? 'Global',
      UserId: { Id: { Value: d.userId }, Name: user?.username },
      UserName: user?.username,
      EnrollmentStatus: d.status,
      IsSupervised: true,
      EnrolledViaDEP: false,
      Platform: 'Apple',
    };
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json;version=1' }).end(body === null ? '' : JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, errorCode: number, message: string): void {
    this.json(res, status, { errorCode, message, activityId: randomUUID() });
  }
}

function uuidOf(deviceId: number): string {
  return `00000000-0000-0000-0000-${String(deviceId).padStart(12, '0')}`;
}

function userJson(u: FakeUser): Record<string, unknown> {
  return {
    Id: { Value: u.id },
    Uuid: randomUUID(),
    UserName: u.username,
    DisplayName: u.name ?? u.username,
    Email: `${u.username}@example.com`,
    ...(u.group ? { Group: u.group } : {}),
    Status: true,
    DeviceStagingEnabled: u.stagingType !== undefined,
    // Numeric string, as WS1's own examples carry enums.
    DeviceStagingType: u.stagingType ?? '0',
    MessageType: '0',
  };
}
