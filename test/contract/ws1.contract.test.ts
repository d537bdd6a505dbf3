import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceOneConnector } from '../../electron/mdm/ws1/connector.js';
import { startWs1Mock, type Ws1Mock } from '../helpers/ws1-prism.js';

// Every request the WS1 connector makes goes to Prism serving Omnissa's own OpenAPI documents
// (../shared/specs/ws1), through the routing proxy; Prism's request validation must find nothing.
describe('Workspace ONE connector against the vendor OpenAPI documents (Prism)', () => {
  let mock: Ws1Mock;
  let connector: WorkspaceOneConnector;
  const serial = 'F2LXX0000001';

  beforeAll(async () => {
    mock = await startWs1Mock();
    connector = new WorkspaceOneConnector({
      url: mock.proxy.url,
      auth: { method: 'basic', username: 'api-user', password: 'pa55word', tenantCode: 'TENANT-KEY' },
      og: 'ACME-STAGING',
      stagingUser: 'staging',
    });
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it('runs every flow and Prism reports no request violation', async () => {
    mock.proxy.exchanges.length = 0;
    const report = await connector.testConnection();
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['credentials', true],
      ['organization group', true],
      ['staging user', true],
    ]);
    expect((await connector.searchUsers('jdoe')).length).toBeGreaterThan(0);
    await connector.searchUsers('jdoe@example.com');
    expect(await connector.getUser('42')).toBeDefined();
    expect((await connector.listUsers()).length).toBeGreaterThan(0);
    const device = await connector.getDeviceBySerial(serial);
    expect(device?.enrollment).toBe('enrolled');
    // Spec examples give numbers for enums in places; the parsed device is MDM-neutral.
    expect(device?.supervised).toBe(true);

    expect(await connector.registerDevice({ serial, userId: '42', imei: '356938035643809', friendlyName: 'Cart 01' })).toEqual({ status: 'applied' });
    expect(await connector.checkOut({ serial, userId: '42' })).toEqual({ status: 'applied' });
    expect(await connector.checkIn(serial)).toEqual({ status: 'applied' });
    expect(await connector.wipe(serial, 'enterprise')).toEqual({ status: 'applied' });
    expect(await connector.wipe(serial, 'device')).toEqual({ status: 'applied' });
    expect(await connector.moveDevice(serial, 'ACME-STAGING')).toEqual({ status: 'applied' });
    expect((await connector.reportStaged({ udid: 'U1', serial, name: 'Cart-01' })).status).toBe('applied');
    expect(connector.lostModeSupport()).toEqual({ supported: true });
    expect(await connector.enableLostMode(serial, { message: 'Please return me to cart A', phone: '+1 555 0100', footnote: 'ACME IT' })).toEqual({ status: 'applied' });
    expect(await connector.enableLostMode(serial, { message: 'Message only' })).toEqual({ status: 'applied' });
    expect(await connector.disableLostMode(serial)).toEqual({ status: 'applied' });
    const ade = await connector.adeFacts('C02XX0000001');
    expect(ade.assigned).toBe(false);
    const vpp = await connector.vppFacts();
    expect(vpp.apps.length).toBeGreaterThan(0);

    const exchanges = mock.proxy.exchanges;
    const problems = exchanges.filter((e) => e.status >= 400 || e.requestViolations.length > 0);
    expect(problems.map((e) => `${e.method} ${e.path} → ${e.status} ${JSON.stringify(e.requestViolations)}`)).toEqual([]);

    const operations = new Set(
      exchanges.map((e) => `${e.method} ${e.path.replace(/\?.*/, '').replace(/\/(lostmode\/)(true|false)$/, '/$1{bool}').replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}(?=\/)/, '/{uuid}').replace(/\/\d+(?=\/|$)/g, '/{n}')} v${e.version}`),
    );
    expect([...operations].sort()).toEqual(
      [
        'GET /API/mam/apps/purchased/search v1',
        'GET /API/mdm/dep/groups/{uuid}/devices v1',
        'GET /API/mdm/devices v1',
        'GET /API/system/groups/search v1',
        'GET /API/system/users/search v1',
        'GET /API/system/users/{n} v1',
        'PATCH /API/mdm/devices/{n}/enrollmentuser/{n} v2',
        'POST /API/mdm/devices/{n}/commands v1',
        'POST /API/system/users/{n}/registerdevice v1',
        'PUT /API/mdm/devices/{n} v1',
        'PUT /API/mdm/devices/{n}/commands/changeorganizationgroup/{n} v1',
        'PUT /API/mdm/devices/{uuid}/lostmode/{bool} v1',
      ].sort(),
    );
    // Basic always travels with the tenant code, which Prism (OR-ed schemes) cannot enforce itself.
    for (const e of exchanges) {
      expect(e.headers.authorization).toBe(`Basic ${Buffer.from('api-user:pa55word').toString('base64')}`);
      expect(e.headers['aw-tenant-code']).toBe('TENANT-KEY');
    }
    // The check-out and check-in PATCH ask for version 2 by media type; v1 calls stay plain JSON.
    expect(exchanges.filter((e) => e.method === 'PATCH').every((e) => e.headers.accept === 'application/json;version=2')).toBe(true);
    expect(exchanges.filter((e) => e.method !== 'PATCH').every((e) => e.headers.accept === 'application/json')).toBe(true);
    // Lost mode goes by the device's UUID from the serial look-up, with the spec's lower-case body names.
    const lost = exchanges.filter((e) => /\/lostmode\//.test(e.path));
    expect(lost.map((e) => e.path)).toEqual([
      '/API/mdm/devices/639b0fc0-5788-4b01-9f69-1c209db21976/lostmode/true',
      '/API/mdm/devices/639b0fc0-5788-4b01-9f69-1c209db21976/lostmode/true',
      '/API/mdm/devices/639b0fc0-5788-4b01-9f69-1c209db21976/lostmode/false',
    ]);
    expect(JSON.parse(lost[0]?.body ?? '')).toEqual({ message: 'Please return me to cart A', phone_number: '+1 555 0100', footnote: 'ACME IT' });
    expect(JSON.parse(lost[1]?.body ?? '')).toEqual({ message: 'Message only' });
    expect(lost[2]?.body).toBe('');
  });

  it('catches a lost-mode request that breaks the spec', async () => {
    mock.proxy.exchanges.length = 0;
    const auth = { authorization: `Basic ${Buffer.from('a:b').toString('base64')}`, 'aw-tenant-code': 'T', accept: 'application/json', 'content-type': 'application/json' };
    // The numeric device id where the spec wants a UUID, and a number where it wants a string.
    const bad = await fetch(`${mock.proxy.url}/API/mdm/devices/1234/lostmode/true`, { method: 'PUT', headers: auth, body: JSON.stringify({ message: 42 }) });
    expect(bad.status).toBe(422);
    const violations = mock.proxy.exchanges[0]?.requestViolations.map((v) => v.message).join('; ') ?? '';
    expect(violations).toMatch(/uuid/);
    expect(violations).toMatch(/message must be string/);
  });

  it('catches a deliberately wrong request', async () => {
    mock.proxy.exchanges.length = 0;
    const auth = { authorization: `Basic ${Buffer.from('a:b').toString('base64')}`, 'aw-tenant-code': 'T', accept: 'application/json', 'content-type': 'application/json' };
    const bad = await fetch(`${mock.proxy.url}/API/system/users/42/registerdevice`, { method: 'POST', headers: auth, body: JSON.stringify({ SerialNumber: 123, MessageType: 'Carrier' }) });
    expect(bad.status).toBe(422);
    const noId = await fetch(`${mock.proxy.url}/API/mdm/devices?searchby=Serialnumber`, { headers: auth });
    expect(noId.status).toBe(422);
    const [first, second] = mock.proxy.exchanges;
    expect(first?.requestViolations.map((v) => v.message).join('; ')).toMatch(/SerialNumber must be string/);
    expect(first?.requestViolations.map((v) => v.message).join('; ')).toMatch(/MessageType must be equal to one of the allowed values/);
    expect(second?.requestViolations.map((v) => v.message).join('; ')).toMatch(/required property 'id'/);
  });

  it('sends the OAuth bearer token from the client-credentials grant', async () => {
    let grants = 0;
    const tokenServer: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        grants++;
        const form = new URLSearchParams(body);
        expect(form.get('grant_type')).toBe('client_credentials');
        expect(form.get('client_secret')).toBe('s3cret');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' }));
      });
    });
    await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', r));
    try {
      const { port } = tokenServer.address() as { port: number };
      const oauth = new WorkspaceOneConnector({ url: mock.proxy.url, auth: { method: 'oauth', clientId: 'cid', clientSecret: 's3cret', tokenUrl: `http://127.0.0.1:${port}/connect/token` } });
      mock.proxy.exchanges.length = 0;
      await oauth.getDeviceBySerial(serial);
      await oauth.searchUsers('jdoe');
      expect(grants).toBe(1);
      expect(mock.proxy.exchanges.map((e) => [e.headers.authorization, e.status, e.requestViolations.length])).toEqual([
        ['Bearer tok-1', 200, 0],
        ['Bearer tok-1', 200, 0],
      ]);
    } finally {
      await new Promise<void>((r) => tokenServer.close(() => r()));
    }
  });
});
