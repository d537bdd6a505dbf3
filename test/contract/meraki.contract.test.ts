import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MerakiConnector } from '../../electron/mdm/meraki/connector.js';
import { startContractProxy, type ContractProxy } from '../helpers/contract-proxy.js';
import { prepareSpec, startPrism, tempSpecDir, type PrismInstance } from '../helpers/prism.js';

const MERAKI_PATHS = [
  '/networks/{networkId}',
  '/networks/{networkId}/sm/devices',
  '/networks/{networkId}/sm/users',
  '/networks/{networkId}/sm/devices/modifyTags',
  '/networks/{networkId}/sm/devices/fields',
  '/networks/{networkId}/sm/devices/wipe',
  '/networks/{networkId}/sm/devices/move',
  '/networks/{networkId}/sm/devices/{deviceId}/unenroll',
  '/organizations/{organizationId}/sm/vppAccounts',
];

// Every request the Meraki connector makes goes to Prism serving Cisco's own OpenAPI document.
// (429/Retry-After cannot be exercised here: the spec documents only 2xx; see the unit tests' fake.)
describe('Meraki connector against the vendor OpenAPI document (Prism)', () => {
  let prism: PrismInstance;
  let proxy: ContractProxy;
  let tmp: ReturnType<typeof tempSpecDir>;
  let connector: MerakiConnector;
  const serial = 'Q234-ABCD-5678';

  beforeAll(async () => {
    tmp = tempSpecDir();
    prism = await startPrism(prepareSpec('meraki/spec3-v1.42.0.json', MERAKI_PATHS, tmp.dir));
    proxy = await startContractProxy([{ prefix: '/api/v1', versions: { 1: prism.url } }]);
    connector = new MerakiConnector({ url: `${proxy.url}/api/v1`, apiKey: 'meraki-key-123', networkId: 'N_24329156' });
  });
  afterAll(async () => {
    await proxy?.close();
    await prism?.stop();
    tmp?.remove();
  });

  it('runs every flow and Prism reports no request violation', async () => {
    proxy.exchanges.length = 0;
    const report = await connector.testConnection();
    expect(report.checks[0]?.ok).toBe(true);
    expect((await connector.listUsers()).length).toBeGreaterThan(0);
    await connector.searchUsers('miles');
    const owner = await connector.getUser('1234');
    expect(owner).toBeDefined();
    const device = await connector.getDeviceBySerial(serial);
    expect(device).toBeDefined();
    expect((await connector.listDevices()).length).toBeGreaterThan(0);
    expect((await connector.checkOut({ serial, userId: '1234' })).status).toBe('applied');
    expect((await connector.checkIn(serial)).status).toMatch(/applied|already/);
    expect(await connector.wipe(serial, 'device')).toEqual({ status: 'applied' });
    expect(await connector.wipe(serial, 'enterprise')).toEqual({ status: 'applied' });
    expect(await connector.moveDevice(serial, 'N_9999')).toEqual({ status: 'applied' });
    expect((await connector.reportStaged({ udid: 'U1', serial, name: 'Cart-01', blueprint: 'Shared iPad' })).status).toBe('applied');
    expect((await connector.enrollmentInfo()).token).toBeTruthy();
    expect((await connector.vppFacts()).tokens.length).toBeGreaterThan(0);
    await expect(connector.registerDevice({ serial, userId: '1234' })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    await expect(connector.adeFacts(serial)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    // The Dashboard's lock is no lost mode (no message, undone by the passcode): refused, nothing sent.
    expect(connector.lostModeSupport()).toMatchObject({ supported: false, reason: expect.stringMatching(/no lost-mode command/) });
    await expect(connector.enableLostMode(serial, { message: 'Lost' })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    await expect(connector.disableLostMode(serial)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });

    const problems = proxy.exchanges.filter((e) => e.status >= 400 || e.requestViolations.length > 0);
    expect(problems.map((e) => `${e.method} ${e.path} → ${e.status} ${JSON.stringify(e.requestViolations)}`)).toEqual([]);
    const operations = new Set(proxy.exchanges.map((e) => `${e.method} ${e.path.replace(/\?.*/, '')}`));
    expect([...operations].sort()).toEqual(
      [
        'GET /api/v1/networks/N_24329156',
        'GET /api/v1/networks/N_24329156/sm/devices',
        'GET /api/v1/networks/N_24329156/sm/users',
        'GET /api/v1/organizations/2930418/sm/vppAccounts',
        'POST /api/v1/networks/N_24329156/sm/devices/modifyTags',
        'POST /api/v1/networks/N_24329156/sm/devices/move',
        'POST /api/v1/networks/N_24329156/sm/devices/wipe',
        'POST /api/v1/networks/N_24329156/sm/devices/1284392014819/unenroll',
        'PUT /api/v1/networks/N_24329156/sm/devices/fields',
      ].sort(),
    );
    for (const e of proxy.exchanges) expect(e.headers.authorization).toBe('Bearer meraki-key-123');
  });

  it('catches a deliberately wrong request', async () => {
    proxy.exchanges.length = 0;
    const headers = { authorization: 'Bearer k', 'content-type': 'application/json', accept: 'application/json' };
    const wipe = await fetch(`${proxy.url}/api/v1/networks/N_1/sm/devices/wipe`, { method: 'POST', headers, body: JSON.stringify({ serial, pin: 'notanumber' }) });
    expect(wipe.status).toBe(422);
    const page = await fetch(`${proxy.url}/api/v1/networks/N_1/sm/devices?perPage=abc`, { headers });
    expect(page.status).toBe(422);
    const noAuth = await fetch(`${proxy.url}/api/v1/networks/N_1/sm/devices`);
    expect(noAuth.status).toBe(401);
    expect(proxy.exchanges[0]?.requestViolations.map((v) => v.message).join('; ')).toMatch(/pin must be integer/);
    expect(proxy.exchanges[1]?.requestViolations.map((v) => v.message).join('; ')).toMatch(/perPage must be integer/i);
  });
});
