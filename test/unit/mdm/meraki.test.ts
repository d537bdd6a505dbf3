import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MerakiConnector } from '../../../electron/mdm/meraki/connector.js';
import { checkedOutTo, userTag } from '../../../electron/mdm/meraki/tags.js';
import { scriptedServer, type Scripted } from './scripted-server.js';

// The Meraki spec documents only 2xx answers, so 429 and pagination are tested against this fake.
describe('Meraki connector (own fake)', () => {
  let server: Scripted;
  let sleeps: number[];
  const connector = (): MerakiConnector =>
    new MerakiConnector({ url: `${server.url}/api/v1`, apiKey: 'k-123', networkId: 'N_1' }, { http: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 } });

  beforeEach(async () => {
    server = await scriptedServer();
    sleeps = [];
  });
  afterEach(async () => {
    await server.close();
  });

  it('waits out 429 Retry-After and follows Link pagination on the same origin only', async () => {
    server.handle((req, res, n) => {
      if (n === 1) return res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"errors":["API rate limit exceeded for organization"]}');
      const page = new URL(req.url ?? '/', server.url).searchParams.get('startingAfter');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (!page) headers.link = `<${server.url}/api/v1/networks/N_1/sm/devices?startingAfter=a>; rel=next`;
      if (page === 'a') headers.link = `<https://elsewhere.example/api/v1/networks/N_1/sm/devices?startingAfter=b>; rel=next`;
      res.writeHead(200, headers).end(JSON.stringify([{ id: page ?? '0', serialNumber: `S${page ?? '0'}`, tags: ['x'] }]));
    });
    const devices = await connector().listDevices();
    expect(devices.map((d) => d.serial)).toEqual(['S0', 'Sa']);
    expect(sleeps).toEqual([1000]);
    expect(server.requests[1]?.url).toContain('fields%5B%5D=serialNumber');
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer k-123')).toBe(true);
  });

  it('reports a wrong API key as UNAUTHORIZED with the Dashboard\'s words', async () => {
    server.handle((_req, res) => res.writeHead(401).end('{"errors":["Invalid API key"]}'));
    await expect(connector().getDeviceBySerial('S1')).rejects.toMatchObject({ code: 'UNAUTHORIZED', vendor: { message: 'Invalid API key' } });
  });

  it('expresses check-out and check-in as tags, replacing a previous user tag', async () => {
    let tags = ['cw-user-old', 'cw-checked-out', 'scope-a'];
    server.handle((req, res, _n, body) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.includes('/sm/users')) return res.end(JSON.stringify([{ id: '7', username: '', email: 'Ann.Lee@example.com' }]));
      if (req.url?.includes('/sm/devices/modifyTags')) {
        const b = JSON.parse(body) as { tags: string[]; updateAction: string };
        tags = b.updateAction === 'add' ? [...new Set([...tags, ...b.tags])] : tags.filter((t) => !b.tags.includes(t));
        return res.end('[]');
      }
      return res.end(JSON.stringify([{ id: '1', serialNumber: 'S1', tags }]));
    });
    expect(await connector().checkOut({ serial: 'S1', userId: '7' })).toEqual({ status: 'applied' });
    expect(tags.sort()).toEqual(['cw-checked-out', 'cw-user-ann.lee_at_example.com', 'scope-a']);
    expect(checkedOutTo(tags)).toBe('ann.lee_at_example.com');
    expect(await connector().checkOut({ serial: 'S1', userId: '7' })).toEqual({ status: 'already' });
    expect(await connector().checkIn('S1')).toEqual({ status: 'applied' });
    expect(tags.sort()).toEqual(['cw-available', 'scope-a']);
    expect(await connector().checkIn('S1')).toEqual({ status: 'already' });
    expect(userTag(' Bob Smith ')).toBe('cw-user-bob_smith');
  });
});
